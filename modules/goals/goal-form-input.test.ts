import { describe, expect, test } from 'vitest';
import { formFieldOf, parseTimeInput, readTypedGoalFields, skipDayText } from './goal-form-input';

describe('the goals form’s typed times', () => {
  test('read on the 24-hour clock, however the member separates hours and minutes', () => {
    expect(['18:00', '8:00', '08:00', '18.30', '1830', '18h30', ' 07:05 '].map(parseTimeInput)).toEqual(['18:00', '08:00', '08:00', '18:30', '18:30', '18:30', '07:05']);
  });

  test('are refused when they are no time of day', () => {
    expect(['25:00', '18:60', '6 pm', '18', '', '18:0', '12/07'].map(parseTimeInput)).toEqual([null, null, null, null, null, null, null]);
  });
});

describe('the goals form’s typed skip dates', () => {
  const blank = { startTime: '18:00', alternatives: [] };

  test('are read in the page’s order (day first in both languages) and sent as ISO days', () => {
    const typed = readTypedGoalFields({ ...blank, skips: [{ from: '24/12/2026', to: '6/1/2027', note: ' Christmas ' }] }, 'es');
    expect(typed).toMatchObject({ ok: true, skips: [{ from: '2026-12-24', to: '2027-01-06', note: 'Christmas' }] });
  });

  test('show a stored day in the page’s order', () => {
    expect(skipDayText('2026-12-24', 'es')).toBe('24/12/2026');
    expect(skipDayText('2026-12-24', 'en')).toBe('24/12/2026');
  });

  test('name every field that is no real date or time, with what was typed, and send nothing', () => {
    const typed = readTypedGoalFields(
      {
        startTime: '6 pm',
        alternatives: [{ startTime: '', className: '' }, { startTime: '25:00', className: 'WOD' }],
        skips: [{ from: '31/02/2026', to: '', note: '' }, { from: '01/03/2026', to: '12/24/2026', note: '' }],
      },
      'en',
    );
    expect(typed).toEqual({
      ok: false,
      problems: [
        { field: 'startTime', kind: 'time', text: '6 pm' },
        { field: 'alternatives.1.startTime', kind: 'time', text: '25:00' },
        { field: 'skips.0.from', kind: 'day', text: '31/02/2026' },
        { field: 'skips.1.to', kind: 'day', text: '12/24/2026' },
      ],
    });
  });

  test('leave blank rows out, and map what the server says about a sent row back to the form’s row', () => {
    const typed = readTypedGoalFields(
      { ...blank, alternatives: [{ startTime: '', className: '' }, { startTime: '19:00', className: 'WOD' }], skips: [{ from: '', to: '', note: '' }, { from: '2027-04-10', to: '01/04/2027', note: '' }] },
      'en',
    );
    expect(typed).toMatchObject({ ok: true, alternatives: [{ startTime: '19:00', className: 'WOD' }], skips: [{ from: '2027-04-10', to: '2027-04-01' }], rows: { alternatives: [1], skips: [1] } });
    if (!typed.ok) return;
    expect(formFieldOf('skips.0.to', typed.rows)).toBe('skips.1.to');
    expect(formFieldOf('alternatives.0', typed.rows)).toBe('alternatives.1');
    expect(formFieldOf('startTime', typed.rows)).toBe('startTime');
  });
});
