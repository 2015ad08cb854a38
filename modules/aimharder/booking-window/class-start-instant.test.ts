import { describe, expect, it } from 'vitest';
import { classStartInstant } from './class-start-instant';

describe('classStartInstant', () => {
  it('reads the class time as Madrid wall time, on either side of the March change', () => {
    expect(classStartInstant('2026-03-28', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(classStartInstant('2026-03-30', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('accepts AimHarder day keys and rejects bad input', () => {
    expect(classStartInstant('20261026', '18:30', 'Europe/Madrid').toISOString()).toBe('2026-10-26T17:30:00.000Z');
    expect(() => classStartInstant('2026-10-26', '18h30', 'Europe/Madrid')).toThrow(RangeError);
  });
});
