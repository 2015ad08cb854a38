import { describe, expect, it } from 'vitest';
import { addCalendarDays, parseCalendarDay, parseClockTime, zonedWallTimeToUtc, zoneOffsetAt } from './zoned-wall-time';

const MADRID = 'Europe/Madrid';
const wall = (day: string, hour: number, minute: number, zone = MADRID) => zonedWallTimeToUtc(parseCalendarDay(day), hour, minute, zone).toISOString();

describe('zonedWallTimeToUtc', () => {
  it('uses CET in winter and CEST in summer', () => {
    expect(wall('2026-01-15', 9, 0)).toBe('2026-01-15T08:00:00.000Z');
    expect(wall('2026-07-15', 9, 0)).toBe('2026-07-15T07:00:00.000Z');
  });

  it('handles both sides of the March change on the change day', () => {
    expect(wall('2026-03-29', 1, 59)).toBe('2026-03-29T00:59:00.000Z');
    expect(wall('2026-03-29', 3, 0)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('pushes a wall time in the spring-forward gap forward by the gap (02:30 → 03:30 CEST)', () => {
    expect(wall('2026-03-29', 2, 30)).toBe('2026-03-29T01:30:00.000Z');
    expect(wall('2026-03-29', 2, 0)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('resolves a fall-back wall time that happens twice to its earlier occurrence (CEST)', () => {
    expect(wall('2026-10-25', 2, 30)).toBe('2026-10-25T00:30:00.000Z');
    expect(wall('2026-10-25', 1, 59)).toBe('2026-10-24T23:59:00.000Z');
    expect(wall('2026-10-25', 3, 0)).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works in zones other than Madrid (Canary Islands, southern hemisphere)', () => {
    expect(wall('2026-07-15', 9, 0, 'Atlantic/Canary')).toBe('2026-07-15T08:00:00.000Z');
    expect(wall('2026-01-15', 9, 0, 'America/Santiago')).toBe('2026-01-15T12:00:00.000Z');
  });

  it('rejects an unknown zone instead of guessing', () => {
    expect(() => wall('2026-01-15', 9, 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('calendar helpers', () => {
  it('parses both day formats and rejects impossible dates', () => {
    expect(parseCalendarDay('2026-03-30')).toEqual({ year: 2026, month: 3, day: 30 });
    expect(parseCalendarDay('20260330')).toEqual({ year: 2026, month: 3, day: 30 });
    expect(() => parseCalendarDay('2026-02-30')).toThrow(RangeError);
    expect(() => parseCalendarDay('30/03/2026')).toThrow(RangeError);
  });

  it('parses clock times and rejects 24:00', () => {
    expect(parseClockTime('07:05')).toEqual({ hour: 7, minute: 5 });
    expect(parseClockTime('7:05')).toEqual({ hour: 7, minute: 5 });
    expect(() => parseClockTime('24:00')).toThrow(RangeError);
  });

  it('adds days across month and year ends', () => {
    expect(addCalendarDays({ year: 2026, month: 3, day: 2 }, -4)).toEqual({ year: 2026, month: 2, day: 26 });
    expect(addCalendarDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
  });

  it('reports the Madrid offset', () => {
    expect(zoneOffsetAt(Date.parse('2026-01-01T12:00:00Z'), MADRID)).toBe(3_600_000);
    expect(zoneOffsetAt(Date.parse('2026-07-01T12:00:00Z'), MADRID)).toBe(7_200_000);
  });
});
