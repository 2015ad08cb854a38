import { describe, expect, test } from 'vitest';
import type { MemberBooking } from '@/modules/bookings';
import { buildCalendar } from './build-calendar';
import { mergeFeed } from './calendar.service';
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
  boxId: 10122,
  reservationId: '106015104',
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

describe('the feed lists every booking of the synced view', () => {
  const booking = (overrides: Partial<MemberBooking>): MemberBooking => ({
    boxId: 10122,
    boxName: 'Prebooker Demo Box',
    timeZone: 'Europe/Madrid',
    reservationId: '106015200',
    classId: '646157',
    classDay: '2027-03-29',
    classStartTime: '18:00',
    classEndTime: '19:00',
    classStartsAt: '2027-03-29T16:00:00.000Z',
    className: 'WOD',
    state: 'booked',
    waitlistPosition: null,
    waitlistLength: null,
    origin: 'elsewhere',
    prebookingId: null,
    firstSeenAt: '2027-03-26T10:00:00.000Z',
    seenAt: '2027-03-26T10:00:00.000Z',
    cancelledAt: null,
    ...overrides,
  });
  const render = (entries: CalendarEntry[], synced: MemberBooking[]) => {
    const merged = mergeFeed(entries, synced);
    return unfold(buildCalendar({ memberName: 'Ana', locale: 'en', entries: merged.entries, bookings: merged.bookings, appBaseUrl: 'https://x.example' }));
  };

  test('a class booked in AimHarder’s app appears, confirmed, under a stable per-reservation UID', () => {
    const text = render([], [booking({})]);
    expect(text).toContain('UID:booking-10122-106015200@prebooker');
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toContain('DESCRIPTION:Booked in AimHarder.');
  });

  test('a waiting-list place is tentative with the queue in the description', () => {
    const text = render([], [booking({ state: 'waitlisted', waitlistLength: 3 })]);
    expect(text).toContain('STATUS:TENTATIVE');
    expect(text).toContain('DESCRIPTION:You are on the waiting list (3 waiting).');
  });

  test('Prebooker’s booking cancelled in AimHarder keeps the prebooking’s UID, now STATUS:CANCELLED, and is not listed twice', () => {
    const prebookingId = '11111111-1111-4111-8111-111111111111';
    const text = render(
      [entry({ id: prebookingId, reservationId: '106015104' })],
      [booking({ reservationId: '106015104', prebookingId, origin: 'prebooker_instant', cancelledAt: '2027-03-27T09:00:00.000Z' })],
    );
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text).toContain(`UID:prebooking-${prebookingId}@prebooker`);
    expect(text).toContain('STATUS:CANCELLED');
    expect(text).toContain('SEQUENCE:3');
  });

  test('a completed prebooking the synced view has not seen yet is still listed from our record', () => {
    const text = render([entry({})], []);
    expect(text).toContain('STATUS:CONFIRMED');
    expect(text).toContain('UID:prebooking-11111111-1111-4111-8111-111111111111@prebooker');
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
