import { describe, expect, test } from 'vitest';
import { formatDayInput, parseDayInput } from '@/modules/i18n';
import { readDayFilters } from './day-filters';

describe('date filters typed in the page language', () => {
  test('a day is shown day first in both languages, as the rest of the app writes dates', () => {
    expect(formatDayInput('2026-12-07', 'es')).toBe('07/12/2026');
    expect(formatDayInput('2026-12-07', 'en')).toBe('07/12/2026');
    expect(formatDayInput(undefined, 'en')).toBe('');
    // What could not be read is shown as it was typed, to be corrected.
    expect(formatDayInput('7/13/2026', 'es')).toBe('7/13/2026');
  });

  test('typed dates are read day first, with any usual separator; ISO days from links too', () => {
    expect(parseDayInput('07/12/2026', 'es')).toBe('2026-12-07');
    expect(parseDayInput(' 7/12/2026 ', 'en')).toBe('2026-12-07');
    expect(parseDayInput('7-12-2026', 'es')).toBe('2026-12-07');
    expect(parseDayInput('07.12.2026', 'en')).toBe('2026-12-07');
    expect(parseDayInput('2026-12-07', 'es')).toBe('2026-12-07');
  });

  test('no real date is refused, not rolled over to another day', () => {
    expect(parseDayInput('31/02/2026', 'es')).toBeNull();
    expect(parseDayInput('12/31/2026', 'en')).toBeNull();
    expect(parseDayInput('07/12/26', 'es')).toBeNull();
    expect(parseDayInput('yesterday', 'en')).toBeNull();
    expect(parseDayInput('2026-02-30', 'en')).toBeNull();
  });

  test('the filters name what they could not read and keep the rest', () => {
    expect(readDayFilters({ from: '01/12/2026', to: '07/12/2026' }, 'es')).toEqual({ from: '2026-12-01', to: '2026-12-07', unreadable: [] });
    expect(readDayFilters({ from: '', to: '32/12/2026' }, 'en')).toEqual({ unreadable: [{ field: 'to', text: '32/12/2026' }] });
  });
});
