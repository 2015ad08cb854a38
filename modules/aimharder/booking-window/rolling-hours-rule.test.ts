import { describe, expect, it } from 'vitest';
import { rollingHoursOpening } from './rolling-hours-rule';

const iso = (date: Date) => date.toISOString();

describe('rollingHoursOpening', () => {
  it('counts elapsed hours, so the local opening time moves across the March change', () => {
    // Class Mon 30 March 09:00 CEST = 07:00Z; 72 h earlier = Fri 27 March 07:00Z = 08:00 CET.
    expect(iso(rollingHoursOpening(72, '2026-03-30', '09:00', 'Europe/Madrid'))).toBe('2026-03-27T07:00:00.000Z');
  });

  it('counts elapsed hours across the October change', () => {
    // Class Mon 26 Oct 10:00 CET = 09:00Z; 22 h earlier = Sun 25 Oct 11:00Z = 12:00 CET.
    expect(iso(rollingHoursOpening(22, '2026-10-26', '10:00', 'Europe/Madrid'))).toBe('2026-10-25T11:00:00.000Z');
  });
});
