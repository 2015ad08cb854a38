import { describe, expect, test } from 'vitest';
import { findDuplicateGoal, goalTitle } from './duplicate-goal';

const existing = { id: 'g1', boxId: 10122, weekdays: [1, 3], startTime: '18:00', className: 'WOD', classNameMatch: 'exact' as const };

describe('a goal that duplicates another', () => {
  test('an identical goal, or one with a subset of its days, is found (names ignore case)', () => {
    expect(findDuplicateGoal([existing], { ...existing, className: ' wod ' })).toBe(existing);
    expect(findDuplicateGoal([existing], { ...existing, weekdays: [3] })).toBe(existing);
    expect(goalTitle(existing)).toBe('Mon, Wed · 18:00 · WOD');
  });
  test('another day, time, class, match or box is a different goal; a goal never duplicates itself', () => {
    expect(findDuplicateGoal([existing], { ...existing, weekdays: [1, 5] })).toBeNull();
    expect(findDuplicateGoal([existing], { ...existing, startTime: '19:00' })).toBeNull();
    expect(findDuplicateGoal([existing], { ...existing, className: 'Yoga' })).toBeNull();
    expect(findDuplicateGoal([existing], { ...existing, classNameMatch: 'contains' })).toBeNull();
    expect(findDuplicateGoal([existing], { ...existing, boxId: 1 })).toBeNull();
    expect(findDuplicateGoal([existing], existing, 'g1')).toBeNull();
  });
});
