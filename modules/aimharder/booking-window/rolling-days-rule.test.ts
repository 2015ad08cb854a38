import { describe, expect, it } from 'vitest';
import { rollingDaysOpening } from './rolling-days-rule';

const iso = (date: Date) => date.toISOString();

describe('rollingDaysOpening', () => {
  it('opens at the same local time N days earlier, across the March change', () => {
    // Class Mon 30 March 09:00 CEST; 4 days earlier is Thu 26 March 09:00 CET = 08:00Z (95 h, not 96 h).
    expect(iso(rollingDaysOpening(4, '2026-03-30', '09:00', 'Europe/Madrid'))).toBe('2026-03-26T08:00:00.000Z');
  });

  it('opens at the same local time N days earlier, across the October change', () => {
    // Class Tue 27 Oct 09:00 CET = 08:00Z; 4 days earlier is Fri 23 Oct 09:00 CEST = 07:00Z (97 h).
    expect(iso(rollingDaysOpening(4, '2026-10-27', '09:00', 'Europe/Madrid'))).toBe('2026-10-23T07:00:00.000Z');
  });

  it('is plain N×24 h when no change lies between', () => {
    expect(iso(rollingDaysOpening(7, '2026-06-17', '18:30', 'Europe/Madrid'))).toBe('2026-06-10T16:30:00.000Z');
  });
});
