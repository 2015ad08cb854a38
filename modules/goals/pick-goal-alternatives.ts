import type { Goal, GoalAlternative, TimetableClass } from './goals.schema';
import { pickMatchingClass } from './goal-rules';

export interface PickedAlternatives {
  /** The day's classes for the goal's fallbacks, in the goal's order. */
  classes: TimetableClass[];
  /** Fallbacks that cannot be used that day, each with a member-readable reason. */
  skipped: Array<{ alternative: GoalAlternative; reason: string }>;
}

/**
 * The classes of one day that the goal's fallbacks name ("else 19:00 WOD"), matched by the goal's
 * own name rule. A fallback whose class is not in that day's timetable is left out and said, not
 * an error: the first choice is still worth prebooking, and next week the class may be back.
 */
export function pickGoalAlternatives(goal: Pick<Goal, 'alternatives' | 'classNameMatch'>, classes: TimetableClass[], firstChoice: TimetableClass): PickedAlternatives {
  const picked: PickedAlternatives = { classes: [], skipped: [] };
  for (const alternative of goal.alternatives) {
    const { match } = pickMatchingClass({ startTime: alternative.startTime, className: alternative.className, classNameMatch: goal.classNameMatch }, classes);
    const label = `${alternative.startTime} ${alternative.className}`;
    if (!match) picked.skipped.push({ alternative, reason: `there is no ${label} that day` });
    else if (match.id === firstChoice.id || picked.classes.some((kept) => kept.id === match.id)) picked.skipped.push({ alternative, reason: `${label} is already in the list` });
    else if (match.memberState !== 'none') picked.skipped.push({ alternative, reason: `you already hold ${label}` });
    else picked.classes.push(match);
  }
  return picked;
}
