import { describe, expect, it } from 'vitest';
import { fixedTimeOpening } from './fixed-time-rule';

const iso = (date: Date) => date.toISOString();

describe('fixedTimeOpening', () => {
  it('opens classes two days ahead at 12:00 Madrid, whatever their start time', () => {
    expect(iso(fixedTimeOpening(2, '12:00', '2026-06-12', 'Europe/Madrid'))).toBe('2026-06-10T10:00:00.000Z');
  });

  it('uses the offset of the opening day, not of the class day (March change between)', () => {
    // Class Mon 30 March (CEST); opens Sat 28 March 12:00 CET = 11:00Z.
    expect(iso(fixedTimeOpening(2, '12:00', '2026-03-30', 'Europe/Madrid'))).toBe('2026-03-28T11:00:00.000Z');
  });

  it('opens same-day classes at local midnight (daysAhead 0), across the October change', () => {
    expect(iso(fixedTimeOpening(0, '00:00', '2026-10-25', 'Europe/Madrid'))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(fixedTimeOpening(0, '00:00', '2026-10-26', 'Europe/Madrid'))).toBe('2026-10-25T23:00:00.000Z');
  });
});
