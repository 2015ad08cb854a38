import { describe, expect, test } from 'vitest';
import { decideOccurrence, type DecideInput } from './decide-occurrence';
import type { ExistingPrebooking, TimetableClass } from './goals.schema';

const goal = { id: 'goal-1', startTime: '18:00', className: 'WOD', classNameMatch: 'exact' as const };
const timetable: TimetableClass[] = [
  { id: '100', startTime: '17:00', name: 'WEIGHTLIFTING', memberState: 'none' },
  { id: '101', startTime: '18:00', name: 'WOD', memberState: 'none' },
  { id: '102', startTime: '19:00', name: 'WOD', memberState: 'none' },
];
const decide = (overrides: Partial<DecideInput> = {}) => decideOccurrence({ goal, day: '2027-03-29', skip: null, classes: timetable, existing: [], ...overrides });
const prebooking = (overrides: Partial<ExistingPrebooking>): ExistingPrebooking => ({
  id: 'p1',
  classId: '101',
  classStartTime: '18:00',
  className: 'WOD',
  status: 'scheduled',
  resultCode: null,
  goalId: 'goal-1',
  ...overrides,
});

describe('what a goal does about one class day', () => {
  test('prebooks the matching class when nothing stands in the way', () => {
    expect(decide()).toEqual({ action: 'create', slot: timetable[1] });
  });

  test('a skip date prebooks nothing', () => {
    expect(decide({ skip: { from: '2027-03-29', to: '2027-03-29', note: 'Holiday' }, classes: null })).toMatchObject({ action: 'record', outcome: 'skipped', detail: 'Skipped: Holiday.' });
  });

  test('records why when the timetable has no matching class', () => {
    expect(decide({ classes: [] })).toMatchObject({ outcome: 'no_matching_class', detail: 'The timetable has no classes on 2027-03-29.' });
    expect(decide({ classes: [{ id: '9', startTime: '18:00', name: 'OPEN BOX', memberState: 'none' }] })).toMatchObject({
      outcome: 'no_matching_class',
      detail: 'At 18:00 the timetable has OPEN BOX, not WOD.',
    });
    expect(decide({ classes: [timetable[0]!] })).toMatchObject({ outcome: 'no_matching_class', detail: 'The timetable has no class at 18:00 on 2027-03-29.' });
  });

  test('never a duplicate: the goal’s own active prebooking is reported, not made again', () => {
    expect(decide({ existing: [prebooking({})] })).toMatchObject({ action: 'record', outcome: 'prebooked', prebookingId: 'p1' });
  });

  test('a manual prebooking of the same class counts as already prebooked', () => {
    expect(decide({ existing: [prebooking({ goalId: null })] })).toMatchObject({ outcome: 'already_prebooked', prebookingId: 'p1' });
  });

  test('nothing for a class the member already holds in AimHarder or that Prebooker booked', () => {
    expect(decide({ classes: [{ ...timetable[1]!, memberState: 'booked' }] })).toMatchObject({ outcome: 'already_booked' });
    expect(decide({ existing: [prebooking({ status: 'completed', resultCode: 'booked' })] })).toMatchObject({ outcome: 'already_booked' });
  });

  test('a prebooking the member cancelled is not made again; one cancelled by a goal edit is', () => {
    expect(decide({ existing: [prebooking({ status: 'cancelled', resultCode: 'cancelled_by_member' })] })).toMatchObject({ outcome: 'member_cancelled' });
    expect(decide({ existing: [prebooking({ status: 'cancelled', resultCode: 'goal_changed' })] })).toEqual({ action: 'create', slot: timetable[1] });
  });

  test('a failed run of this goal is not retried', () => {
    expect(decide({ existing: [prebooking({ status: 'failed', resultCode: 'full' })] })).toMatchObject({ outcome: 'ended' });
  });

  test('another prebooking at the same hour blocks it (one cannot attend both)', () => {
    expect(decide({ existing: [prebooking({ id: 'p9', classId: '555', className: 'WOD Comp', goalId: null })] })).toMatchObject({ outcome: 'already_prebooked', prebookingId: 'p9' });
  });
});
