import { describe, expect, test } from 'vitest';
import type { TimetableClass } from './goals.schema';
import { pickGoalAlternatives } from './pick-goal-alternatives';

const slot = (id: string, startTime: string, name: string, memberState: TimetableClass['memberState'] = 'none'): TimetableClass => ({ id, name, startTime, memberState });
const day = [slot('a', '18:00', 'WOD'), slot('b', '19:00', 'WOD'), slot('c', '19:00', 'OPEN BOX'), slot('d', '20:00', 'WOD', 'booked')];

describe('the fallbacks of a goal on one day', () => {
  test('keeps the goal’s order and matches names like the first choice (any case)', () => {
    const picked = pickGoalAlternatives(
      { classNameMatch: 'exact', alternatives: [{ startTime: '19:00', className: 'open box' }, { startTime: '19:00', className: 'WOD' }] },
      day,
      day[0]!,
    );
    expect(picked.classes.map((item) => item.id)).toEqual(['c', 'b']);
    expect(picked.skipped).toEqual([]);
  });

  test('leaves out, with a reason, a fallback with no class that day, one already held and the first choice itself', () => {
    const picked = pickGoalAlternatives(
      {
        classNameMatch: 'contains',
        alternatives: [
          { startTime: '21:00', className: 'WOD' },
          { startTime: '20:00', className: 'WOD' },
          { startTime: '18:00', className: 'wod' },
          { startTime: '19:00', className: 'WOD' },
        ],
      },
      day,
      day[0]!,
    );
    expect(picked.classes.map((item) => item.id)).toEqual(['b']);
    expect(picked.skipped.map((item) => item.reason)).toEqual(['there is no 21:00 WOD that day', 'you already hold 20:00 WOD', '18:00 wod is already in the list']);
  });
});
