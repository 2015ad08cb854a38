import { describe, expect, test } from 'vitest';
import { buildCalendar } from './build-calendar';
import type { CalendarEntry } from './calendar.schema';
import { calendarTokenParamSchema } from './calendar.schema';
import { generateCalendarToken, hashCalendarToken } from './calendar-token';

const entry = (overrides: Partial<CalendarEntry>): CalendarEntry => ({
  id: '11111111-1111-4111-8111-111111111111',
  className: 'WOD',
  boxName: 'Prebooker Demo Box',
  boxTimeZone: 'Europe/Madrid',
  classStartsAt: '2027-03-29T16:00:00.000Z',
  availableAt: '2027-03-25T17:00:00.000Z',
  status: 'completed',
  resultCode: 'booked',
  updatedAt: '2027-03-25T17:00:01.000Z',
  ...overrides,
});

/** Unfolds RFC 5545 content lines (a CRLF followed by a space continues the previous line). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('the iCal feed', () => {
  test('a booked class is a confirmed one-hour event in UTC, keyed by the prebooking', () => {
    const ics = buildCalendar({ memberName: 'Ana', locale: 'en', entries: [entry({})], appBaseUrl: 'https://prebooker.example.com' });
    const text = unfold(ics);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(text).toContain('VERSION:2.0');
    expect(text).toContain('UID:prebooking-11111111-1111-4111-8111-111111111111@prebooker');
    expect(text).toContain('DTSTART:20270329T160000Z');
    expect(text).toContain('DTEND:20270329T170000Z');
    expect(text).toContain('SUMMARY:WOD · Prebooker Demo Box');
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toContain('X-WR-CALNAME:Prebooker – Ana');
  });

  test('a waiting prebooking is tentative and says when booking opens, in the box’s time', () => {
    const text = unfold(buildCalendar({ memberName: 'Ana', locale: 'en', entries: [entry({ status: 'scheduled', resultCode: null })], appBaseUrl: 'https://x.example' }));
    expect(text).toContain('SUMMARY:Prebooked: WOD · Prebooker Demo Box');
    expect(text).toContain('STATUS:TENTATIVE');
    expect(text).toMatch(/DESCRIPTION:Booking opens Thu\S* 25 Mar\S*,? 18:00/);
  });

  test('Spanish, and a waiting-list place', () => {
    const text = unfold(buildCalendar({ memberName: 'Ana', locale: 'es', entries: [entry({ resultCode: 'waitlisted' })], appBaseUrl: 'https://x.example' }));
    expect(text).toContain('SUMMARY:Lista de espera: WOD · Prebooker Demo Box');
    expect(text).toContain('STATUS:TENTATIVE');
  });

  test('a CR/LF in the member’s AimHarder name cannot inject lines into the feed', () => {
    const memberName = 'Ana\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\nX-EVIL:1; a, b \\ c';
    const ics = buildCalendar({ memberName, locale: 'en', entries: [], appBaseUrl: 'https://x.example' });
    const lines = unfold(ics).split('\r\n');
    expect(lines.filter((line) => line === 'END:VCALENDAR')).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('BEGIN:VEVENT') || line.startsWith('SUMMARY:') || line.startsWith('X-EVIL'))).toBe(false);
    expect(lines).toContain('X-WR-CALNAME:Prebooker – Ana\\nEND:VCALENDAR\\nBEGIN:VEVENT\\nSUMMARY:Injected\\nX-EVIL:1\\; a\\, b \\\\ c');
    expect(ics.split('\r\n').every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);
  });

  test('no line is longer than 75 octets and every line ends in CRLF', () => {
    const ics = buildCalendar({ memberName: 'Ana', locale: 'es', entries: [entry({ className: 'WOD '.repeat(40) })], appBaseUrl: 'https://x.example' });
    const lines = ics.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('feed tokens', () => {
  test('are 256-bit URL-safe strings, hashed for lookup', () => {
    const token = generateCalendarToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateCalendarToken()).not.toBe(token);
    expect(hashCalendarToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the URL segment accepts the token with or without .ics and nothing else', () => {
    const token = generateCalendarToken();
    expect(calendarTokenParamSchema.parse(`${token}.ics`)).toBe(token);
    expect(calendarTokenParamSchema.parse(token)).toBe(token);
    expect(calendarTokenParamSchema.safeParse('short').success).toBe(false);
    expect(calendarTokenParamSchema.safeParse(`${token}x`).success).toBe(false);
  });
});
