import { describe, expect, test } from 'vitest';
import { addDays, isoWeekday, localDay } from './local-day';

describe('calendar days', () => {
  test('adding days crosses months, years and the DST change without drifting', () => {
    expect(addDays('2027-03-27', 1)).toBe('2027-03-28');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-10-31', 7)).toBe('2027-11-07');
  });

  test('ISO weekdays run from Monday = 1 to Sunday = 7', () => {
    expect(isoWeekday('2027-03-22')).toBe(1);
    expect(isoWeekday('2027-03-28')).toBe(7);
    expect(isoWeekday('2026-11-23')).toBe(1);
  });

  test('the local day follows the box zone, not UTC', () => {
    // 23:30 UTC on Sunday 28 March 2027 is already Monday 01:30 in Madrid (CEST, UTC+2).
    expect(localDay(Date.parse('2027-03-28T23:30:00Z'), 'Europe/Madrid')).toBe('2027-03-29');
    expect(localDay(Date.parse('2027-03-28T23:30:00Z'), 'Atlantic/Canary')).toBe('2027-03-29');
    expect(localDay(Date.parse('2027-03-28T22:30:00Z'), 'Atlantic/Canary')).toBe('2027-03-28');
  });
});
