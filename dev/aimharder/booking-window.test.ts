import { describe, expect, it } from 'vitest';
import { computeOpensAtMs, startForOpening, tooEarlyAnswer } from './booking-window';
import { addDays, dayFromIndex, dayIndex, isValidDayKey, spanishDayLabel, zonedParts, zonedWallTimeToEpoch } from './zoned-time';

const MADRID = 'Europe/Madrid';

describe('zoned time', () => {
  it('converts Madrid wall times to instants on both sides of the spring DST change', () => {
    expect(zonedWallTimeToEpoch({ day: '20260327', hour: 18, minute: 0 }, MADRID)).toBe(Date.parse('2026-03-27T17:00:00Z'));
    expect(zonedWallTimeToEpoch({ day: '20260331', hour: 18, minute: 0 }, MADRID)).toBe(Date.parse('2026-03-31T16:00:00Z'));
    expect(zonedWallTimeToEpoch({ day: '20261025', hour: 1, minute: 30 }, MADRID)).toBe(Date.parse('2026-10-24T23:30:00Z'));
  });

  it('reads an instant back as box-local parts', () => {
    const parts = zonedParts(Date.parse('2026-06-15T22:30:00.250Z'), MADRID);
    expect(parts).toMatchObject({ day: '20260616', hour: 0, minute: 30, millisecond: 250, weekday: 2 });
  });

  it('does calendar arithmetic on YYYYMMDD keys', () => {
    expect(addDays('20261230', 3)).toBe('20270102');
    expect(dayFromIndex(dayIndex('20261123'))).toBe('20261123');
    expect(isValidDayKey('20260230')).toBe(false);
    expect(isValidDayKey('2026-06-01')).toBe(false);
    expect(spanishDayLabel('20260923')).toBe('Miércoles, 23 de Septiembre de 2026');
  });
});

describe('booking window rules', () => {
  const classStart = Date.parse('2026-03-31T16:00:00Z'); // Tuesday 18:00 in Madrid (CEST)

  it('rolling days keeps the local wall time across DST (so not exactly 96 h)', () => {
    const opensAt = computeOpensAtMs({ kind: 'rolling_days', days: 4 }, '20260331', 18 * 60, classStart, MADRID);
    expect(opensAt).toBe(Date.parse('2026-03-27T17:00:00Z'));
    expect(classStart - opensAt).toBe(95 * 3_600_000);
  });

  it('rolling hours is plain elapsed time', () => {
    expect(computeOpensAtMs({ kind: 'rolling_hours', hours: 72 }, '20260331', 18 * 60, classStart, MADRID)).toBe(classStart - 72 * 3_600_000);
  });

  it('fixed daily opens at the box-local time N days before the class day', () => {
    const start = Date.parse('2026-06-17T17:00:00Z');
    expect(computeOpensAtMs({ kind: 'fixed_time', time: '12:00', daysAhead: 2 }, '20260617', 18 * 60, start, 'Atlantic/Canary')).toBe(
      Date.parse('2026-06-15T11:00:00Z'),
    );
  });

  it('inverts an explicit opening into the class start the rule implies', () => {
    const opening = Date.parse('2026-03-27T17:00:00.123Z');
    expect(startForOpening({ kind: 'rolling_days', days: 4 }, opening, MADRID)).toBe(Date.parse('2026-03-31T16:00:00.123Z'));
    expect(startForOpening({ kind: 'rolling_hours', hours: 22 }, opening, MADRID)).toBe(opening + 22 * 3_600_000);
  });

  it('answers too early with the localized message carrying N', () => {
    expect(tooEarlyAnswer({ kind: 'rolling_days', days: 4 })).toEqual({
      errorMssg: 'No puedes reservar clases con más de 4 días de antelación',
      errorMssgLang: 'ERROR_ANTELACION_CLIENTE',
    });
    expect(tooEarlyAnswer({ kind: 'rolling_hours', hours: 72 })).toEqual({
      errorMssg: 'No puedes reservar clases con más de 72 horas de antelación',
      errorMssgLang: 'ERROR_ANTELACION_CLIENTE_HORAS',
    });
    expect(tooEarlyAnswer({ kind: 'fixed_time', time: '12:00', daysAhead: 2 }).errorMssg).toContain('más de 2 días de antelación');
  });
});
