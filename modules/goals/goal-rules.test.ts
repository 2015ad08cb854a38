import { describe, expect, test } from 'vitest';
import { findSkip, matchesClassName, pickMatchingClass, staleReason } from './goal-rules';
import type { Goal, TimetableClass } from './goals.schema';

const goal: Goal = {
  id: 'g1',
  memberId: 'm1',
  boxId: 10122,
  weekdays: [1, 3],
  startTime: '18:00',
  className: 'wod',
  classNameMatch: 'exact',
  waitlistIfFull: false,
  active: true,
  alternatives: [],
  bookIfOpen: false,
  revision: 0,
  skips: [{ from: '2027-03-22', to: '2027-03-22', note: 'holiday' }],
  lastMaterializedAt: null,
  lastRunError: null,
  createdAt: '2027-03-01T00:00:00.000Z',
  updatedAt: '2027-03-01T00:00:00.000Z',
};

const slot = (id: string, startTime: string, name: string): TimetableClass => ({ id, startTime, name, memberState: 'none' });

describe('class names', () => {
  test('exact ignores case and surrounding spaces, but not extra words', () => {
    expect(matchesClassName(goal, 'WOD')).toBe(true);
    expect(matchesClassName(goal, '  Wod ')).toBe(true);
    expect(matchesClassName(goal, 'WOD Competitors')).toBe(false);
  });

  test('contains finds the text anywhere, case-insensitively', () => {
    const rule = { className: 'open', classNameMatch: 'contains' as const };
    expect(matchesClassName(rule, 'OPEN BOX')).toBe(true);
    expect(matchesClassName(rule, 'Reopening WOD')).toBe(true);
    expect(matchesClassName(rule, 'WEIGHTLIFTING')).toBe(false);
  });
});

describe('picking the class of a day', () => {
  test('needs the start time and the name', () => {
    const classes = [slot('1', '17:00', 'WOD'), slot('2', '18:00', 'OPEN BOX'), slot('3', '18:00', 'WOD'), slot('4', '19:00', 'WOD')];
    expect(pickMatchingClass(goal, classes).match?.id).toBe('3');
    expect(pickMatchingClass({ ...goal, startTime: '12:00' }, classes).match).toBeNull();
  });

  test('with several matches an exact name wins, and only one class is ever chosen', () => {
    const rule = { ...goal, className: 'wod', classNameMatch: 'contains' as const };
    const classes = [slot('1', '18:00', 'WOD Competitors'), slot('2', '18:00', 'WOD')];
    const picked = pickMatchingClass(rule, classes);
    expect(picked.match?.id).toBe('2');
    expect(picked.candidates).toHaveLength(2);
  });
});

describe('skip dates', () => {
  test('a range covers both ends', () => {
    const skips = [{ from: '2027-04-01', to: '2027-04-05', note: null }];
    expect(findSkip(skips, '2027-03-31')).toBeNull();
    expect(findSkip(skips, '2027-04-01')).not.toBeNull();
    expect(findSkip(skips, '2027-04-05')).not.toBeNull();
    expect(findSkip(skips, '2027-04-06')).toBeNull();
  });
});

describe('stale goal prebookings', () => {
  const prebooking = { boxId: 10122, classDay: '2027-03-29', classStartTime: '18:00', className: 'WOD', waitlistIfFull: false };

  test('a prebooking that still fits the goal is kept', () => {
    expect(staleReason(goal, prebooking)).toBeNull();
  });

  test('pausing, or changing anything it depends on, makes it stale', () => {
    expect(staleReason({ ...goal, active: false }, prebooking)).toBe('goal_paused');
    expect(staleReason({ ...goal, startTime: '19:00' }, prebooking)).toBe('goal_changed');
    expect(staleReason({ ...goal, weekdays: [3] }, prebooking)).toBe('goal_changed');
    expect(staleReason({ ...goal, className: 'open box' }, prebooking)).toBe('goal_changed');
    expect(staleReason({ ...goal, waitlistIfFull: true }, prebooking)).toBe('goal_changed');
    expect(staleReason({ ...goal, boxId: 10245 }, prebooking)).toBe('goal_changed');
    expect(staleReason({ ...goal, skips: [{ from: '2027-03-29', to: '2027-03-29', note: null }] }, prebooking)).toBe('goal_changed');
  });

  test('its fallbacks must follow the goal’s, in order; one the goal names but the day lacked is fine', () => {
    const fallbacks = [
      { startTime: '19:00', className: 'WOD' },
      { startTime: '20:00', className: 'WOD' },
    ];
    const withSecond = { ...prebooking, alternatives: [{ classStartTime: '20:00', className: 'WOD' }] };
    expect(staleReason({ ...goal, alternatives: fallbacks }, withSecond)).toBeNull();
    expect(staleReason({ ...goal, alternatives: fallbacks }, prebooking)).toBeNull();
    expect(staleReason({ ...goal, alternatives: [fallbacks[0]!] }, withSecond)).toBe('goal_changed');
    expect(staleReason(goal, withSecond)).toBe('goal_changed');
    const reordered = { ...prebooking, alternatives: [{ classStartTime: '20:00', className: 'WOD' }, { classStartTime: '19:00', className: 'WOD' }] };
    expect(staleReason({ ...goal, alternatives: fallbacks }, reordered)).toBe('goal_changed');
  });
});
