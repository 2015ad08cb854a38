import { describe, expect, test } from 'vitest';
import { addDays, localDay } from './local-day';
import { openGoalDays, planGoalDays } from './plan-goal-days';

/** Wall-clock time in a zone → instant (two passes of the zone's offset, exact across DST). */
function zonedInstant(day: string, time: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  let guess = wall;
  for (let pass = 0; pass < 2; pass += 1) guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

function offsetAt(epochMs: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - (epochMs - (epochMs % 1000));
}

const MADRID = 'Europe/Madrid';
/** The demo box's rule: booking opens 4 days before, at the class's local time. */
const rollingFourDays = (day: string, startTime: string) => zonedInstant(addDays(day, -4), startTime, MADRID);
const HOURS_48 = 48 * 3_600_000;

describe('which class days a goal run looks at', () => {
  const mondays18 = { weekdays: [1], startTime: '18:00', skips: [] };

  test('the helper knows the 2027 DST change (Sunday 28 March, 02:00 → 03:00 in Madrid)', () => {
    expect(zonedInstant('2027-03-25', '18:00', MADRID).toISOString()).toBe('2027-03-25T17:00:00.000Z');
    expect(zonedInstant('2027-03-29', '18:00', MADRID).toISOString()).toBe('2027-03-29T16:00:00.000Z');
  });

  test('daily runs at 00:05 over two weeks look at each Monday on the two days before it opens, across DST', () => {
    const seen = new Map<string, string[]>();
    for (let offset = 0; offset < 15; offset += 1) {
      const runDay = addDays('2027-03-17', offset);
      const nowMs = zonedInstant(runDay, '00:05', MADRID).getTime();
      for (const planned of planGoalDays({ goal: mondays18, today: localDay(nowMs, MADRID), nowMs, horizonMs: HOURS_48, openingInstant: rollingFourDays })) {
        seen.set(`${planned.day} opens ${planned.opensAt.toISOString()}`, [...(seen.get(`${planned.day} opens ${planned.opensAt.toISOString()}`) ?? []), runDay]);
      }
    }
    expect(Object.fromEntries(seen)).toEqual({
      // Opens Thursday 18 March 18:00 CET.
      '2027-03-22 opens 2027-03-18T17:00:00.000Z': ['2027-03-17', '2027-03-18'],
      // Opens before the change (CET), the class is after it (CEST): 4 days minus one hour apart.
      '2027-03-29 opens 2027-03-25T17:00:00.000Z': ['2027-03-24', '2027-03-25'],
      // Wholly in CEST.
      '2027-04-05 opens 2027-04-01T16:00:00.000Z': ['2027-03-31'],
    });
  });

  test('a run after the opening instant no longer looks at that day', () => {
    const nowMs = Date.parse('2027-03-25T17:00:00.000Z');
    expect(planGoalDays({ goal: mondays18, today: localDay(nowMs, MADRID), nowMs, horizonMs: HOURS_48, openingInstant: rollingFourDays })).toEqual([]);
    const justBefore = nowMs - 1;
    expect(planGoalDays({ goal: mondays18, today: localDay(justBefore, MADRID), nowMs: justBefore, horizonMs: HOURS_48, openingInstant: rollingFourDays }).map((day) => day.day)).toEqual(['2027-03-29']);
  });

  test('skip dates are returned as such, so the run records them without asking AimHarder', () => {
    const goal = { weekdays: [1, 3], startTime: '18:00', skips: [{ from: '2027-03-29', to: '2027-03-31', note: 'Easter' }] };
    const nowMs = zonedInstant('2027-03-25', '00:05', MADRID).getTime();
    const planned = planGoalDays({ goal, today: '2027-03-25', nowMs, horizonMs: 5 * 24 * 3_600_000, openingInstant: rollingFourDays });
    expect(planned.map((day) => [day.day, day.skip?.note ?? null])).toEqual([
      ['2027-03-29', 'Easter'],
      ['2027-03-31', 'Easter'],
    ]);
  });

  test('only the goal weekdays, and nothing beyond the horizon', () => {
    const goal = { weekdays: [2, 4, 6], startTime: '09:00', skips: [] };
    const nowMs = zonedInstant('2027-04-05', '00:05', MADRID).getTime();
    const planned = planGoalDays({ goal, today: '2027-04-05', nowMs, horizonMs: 72 * 3_600_000, openingInstant: rollingFourDays });
    // Tue 6 and Thu 8 opened already; Sat 10 opens Tue 6 09:00 (inside 72 h); Tue 13 opens Fri 9 (outside).
    expect(planned.map((day) => day.day)).toEqual(['2027-04-10']);
  });
});

describe('which class days are already open when a goal is made', () => {
  // Sunday 21 March 2027, 23:00 in Madrid: Monday's 18:00 WOD opened on Thursday.
  const sundayNight = zonedInstant('2027-03-21', '23:00', MADRID).getTime();
  const plan = (goal: { weekdays: number[]; startTime: string; skips: Array<{ from: string; to: string; note: string | null }> }, nowMs = sundayNight) => ({
    goal,
    today: localDay(nowMs, MADRID),
    nowMs,
    horizonMs: HOURS_48,
    openingInstant: rollingFourDays,
    classStartInstant: (day: string, startTime: string) => zonedInstant(day, startTime, MADRID),
  });

  test("a goal made on Sunday night finds Monday's and Wednesday's classes open (it cannot prebook them)", () => {
    const input = plan({ weekdays: [1, 3], startTime: '18:00', skips: [] });
    expect(openGoalDays(input)).toEqual(['2027-03-22', '2027-03-24']);
    expect(planGoalDays(input).map((entry) => entry.day)).not.toContain('2027-03-22');
  });

  test('a class that has started is not offered, nor a skip date, nor a day whose booking opens later', () => {
    const mondayEvening = zonedInstant('2027-03-22', '18:30', MADRID).getTime();
    expect(openGoalDays(plan({ weekdays: [1], startTime: '18:00', skips: [] }, mondayEvening))).toEqual([]);
    expect(openGoalDays(plan({ weekdays: [1, 3], startTime: '18:00', skips: [{ from: '2027-03-22', to: '2027-03-22', note: null }] }))).toEqual(['2027-03-24']);
    expect(openGoalDays(plan({ weekdays: [5], startTime: '18:00', skips: [] }))).toEqual([]);
  });
});
