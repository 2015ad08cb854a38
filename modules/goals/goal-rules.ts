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
  alternatives?: Array<{ classStartTime: string; className: string }>;
}

/**
 * The prebooking's fallbacks still follow the goal's, in order (some of the goal's may be missing:
 * their class did not exist that day). A fallback the goal no longer names, or a new order, is stale.
 */
function followsGoalAlternatives(goal: Goal, alternatives: Array<{ classStartTime: string; className: string }>): boolean {
  let next = 0;
  for (const alternative of alternatives) {
    let found = false;
    while (!found && next < goal.alternatives.length) {
      const wanted = goal.alternatives[next]!;
      next += 1;
      found = wanted.startTime === alternative.classStartTime && matchesClassName({ className: wanted.className, classNameMatch: goal.classNameMatch }, alternative.className);
    }
    if (!found) return false;
  }
  return true;
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
    followsGoalAlternatives(goal, prebooking.alternatives ?? []) &&
    findSkip(goal.skips, prebooking.classDay) === null;
  return fits ? null : 'goal_changed';
}
