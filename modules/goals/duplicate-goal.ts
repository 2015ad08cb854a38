import type { GoalFields } from './goals.schema';

type Comparable = Pick<GoalFields, 'boxId' | 'weekdays' | 'startTime' | 'className' | 'classNameMatch'>;

/**
 * The member's goal that already covers `candidate`: same box, start time and class (names compared
 * as the matcher does, ignoring case and outer spaces), with every weekday of the candidate. Such a
 * goal would add nothing but a second, silent copy.
 */
export function findDuplicateGoal<G extends Comparable & { id: string }>(goals: G[], candidate: Comparable, excludeId: string | null = null): G | null {
  const name = (value: string) => value.trim().toLowerCase();
  return (
    goals.find(
      (goal) =>
        goal.id !== excludeId &&
        goal.boxId === candidate.boxId &&
        goal.startTime === candidate.startTime &&
        goal.classNameMatch === candidate.classNameMatch &&
        name(goal.className) === name(candidate.className) &&
        candidate.weekdays.every((day) => goal.weekdays.includes(day)),
    ) ?? null
  );
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "Mon, Wed · 18:00 · WOD": how the goals page titles a goal. */
export function goalTitle(goal: Comparable): string {
  return `${goal.weekdays.map((day) => WEEKDAYS[day - 1]).join(', ')} · ${goal.startTime} · ${goal.className}`;
}
