import type { GoalCancelReason } from '@/modules/prebooking';
import type { Goal, SkipRange, TimetableClass } from './goals.schema';
import { isoWeekday } from './local-day';

type NameRule = Pick<Goal, 'className' | 'classNameMatch'>;

const normalise = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('es');

/** Case-insensitive; `contains` finds the goal's text anywhere in the class name. */
export function matchesClassName(goal: NameRule, className: string): boolean {
  const wanted = normalise(goal.className);
  const actual = normalise(className);
  return goal.classNameMatch === 'exact' ? actual === wanted : actual.includes(wanted);
}

export function findSkip(skips: SkipRange[], day: string): SkipRange | null {
  return skips.find((skip) => skip.from <= day && day <= skip.to) ?? null;
}

/**
 * The class a goal wants on a day: the right start time and name. Should several match (a
 * `contains` rule, two rooms), an exact name wins, then AimHarder's order; a member cannot attend
 * two classes at once, so a goal never prebooks more than one per day.
 */
export function pickMatchingClass(goal: Pick<Goal, 'startTime'> & NameRule, classes: TimetableClass[]): { match: TimetableClass | null; candidates: TimetableClass[] } {
  const candidates = classes.filter((slot) => slot.startTime === goal.startTime && matchesClassName(goal, slot.name));
  const exact = candidates.find((slot) => normalise(slot.name) === normalise(goal.className));
  return { match: exact ?? candidates[0] ?? null, candidates };
}

export interface LinkedPrebookingShape {
  boxId: number;
  classDay: string;
  classStartTime: string;
  className: string;
  waitlistIfFull: boolean;
}

/** Why a goal's active prebooking no longer fits the goal (it is then cancelled), or null. */
export function staleReason(goal: Goal, prebooking: LinkedPrebookingShape): GoalCancelReason | null {
  if (!goal.active) return 'goal_paused';
  const fits =
    prebooking.boxId === goal.boxId &&
    goal.weekdays.includes(isoWeekday(prebooking.classDay)) &&
    prebooking.classStartTime === goal.startTime &&
    matchesClassName(goal, prebooking.className) &&
    prebooking.waitlistIfFull === goal.waitlistIfFull &&
    findSkip(goal.skips, prebooking.classDay) === null;
  return fits ? null : 'goal_changed';
}
