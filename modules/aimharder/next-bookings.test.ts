import { describe, expect, it } from 'vitest';
import { parseAimHarderDayLabel } from './next-bookings';

describe('parseAimHarderDayLabel', () => {
  it.each([
    ['Miércoles, 23 de Septiembre de 2026', '2026-09-23'],
    ['Sábado, 1 de marzo de 2025', '2025-03-01'],
    ["Dijous, 1 d'octubre de 2026", '2026-10-01'],
    ['Dilluns, 7 de setembre de 2026', '2026-09-07'],
    ['Wednesday, 23 September 2026', '2026-09-23'],
    ['2026-09-23', '2026-09-23'],
    ['20260923', '2026-09-23'],
    ['23/09/2026', '2026-09-23'],
  ])('%s → %s', (label, expected) => {
    expect(parseAimHarderDayLabel(label)).toBe(expected);
  });

  it('returns null for what it cannot read', () => {
    expect(parseAimHarderDayLabel('31 de Febrero de 2026')).toBeNull();
    expect(parseAimHarderDayLabel('mañana')).toBeNull();
    expect(parseAimHarderDayLabel(null)).toBeNull();
  });
});
