import { describe, expect, test } from 'vitest';
import {
  addDays,
  consecutiveDays,
  dayInZone,
  formatCountdown,
  formatDateTime,
  formatDayLong,
  formatDuration,
  formatTime,
  formatTimePrecise,
} from './format';

describe('dates and times in the box zone', () => {
  test('an instant is shown in the box zone with its abbreviation, whatever the server zone', () => {
    // 18:00 UTC in winter is 19:00 in Madrid (CET) and 18:00 in the Canaries (WET).
    expect(formatTime('2026-11-25T18:00:00Z', 'Europe/Madrid', 'en')).toBe('19:00');
    expect(formatDateTime('2026-11-25T18:00:00Z', 'Europe/Madrid', 'en')).toBe('Wed 25 Nov, 19:00 CET');
    expect(formatDateTime('2026-11-25T18:00:00Z', 'Atlantic/Canary', 'es')).toMatch(/^mié, 25 nov, 18:00 WET$/);
    // Summer time: 17:00 UTC is 19:00 CEST.
    expect(formatDateTime('2026-06-10T17:00:00Z', 'Europe/Madrid', 'en')).toBe('Wed 10 Jun, 19:00 CEST');
  });

  test('precise times keep milliseconds', () => {
    expect(formatTimePrecise('2026-11-25T18:00:00.012Z', 'Europe/Madrid', 'en')).toBe('19:00:00.012');
  });

  test('the calendar day follows the zone, not UTC', () => {
    expect(dayInZone('2026-11-25T23:30:00Z', 'Europe/Madrid')).toBe('2026-11-26');
    expect(dayInZone('2026-11-25T23:30:00Z', 'Atlantic/Canary')).toBe('2026-11-25');
  });

  test('calendar days in both languages, across month ends and DST changes', () => {
    expect(formatDayLong('2026-11-25', 'en')).toBe('Wednesday 25 November');
    expect(formatDayLong('2026-11-25', 'es')).toBe('miércoles, 25 de noviembre');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(consecutiveDays('2026-12-30', 3)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });
});

describe('durations', () => {
  test('countdowns round to the nearest second, with units above an hour, and never wrap', () => {
    const nbsp = (text: string) => text.replaceAll(' ', '\u00a0');
    expect(formatCountdown(65_000)).toBe('01:05');
    // 1.97 s left is "00:02" (it read "00:03"), and so is 2.4 s (a quarter-second-old tick).
    expect(formatCountdown(1_970)).toBe('00:02');
    expect(formatCountdown(2_400)).toBe('00:02');
    expect(formatCountdown(3_600_000 + 61_000)).toBe(nbsp('1 h 1 min'));
    expect(formatCountdown(86_400_000 + 7 * 3_600_000 + 39 * 60_000 + 1_000)).toBe(nbsp('1 d 7 h'));
    expect(formatCountdown(2 * 86_400_000 + 5_000)).toBe(nbsp('2 d'));
    expect(formatCountdown(-5)).toBe('00:00');
    expect(formatCountdown(86_400_000 + 3_600_000)).not.toMatch(/ /);
  });

  test('fire offsets', () => {
    expect(formatDuration(12.4, 'en')).toBe('12 ms');
    expect(formatDuration(0.84, 'en')).toBe('0.8 ms');
    expect(formatDuration(1_250, 'es')).toBe('1,25 s');
    expect(formatDuration(252_000, 'en')).toBe('4 min 12 s');
  });
});
