import type { ExistingPrebooking, Goal, OccurrenceOutcome, SkipRange, TimetableClass } from './goals.schema';
import { ACTIVE_STATUSES } from '@/modules/prebooking';
import { pickMatchingClass } from './goal-rules';

const ACTIVE = new Set<string>(ACTIVE_STATUSES);
const CANCELLED_BY_PERSON = new Set(['cancelled_by_member', 'cancelled_by_admin']);

export type OccurrenceDecision =
  | { action: 'create'; slot: TimetableClass }
  | { action: 'record'; outcome: Exclude<OccurrenceOutcome, 'error'>; classId: string | null; prebookingId: string | null; detail: string };

export interface DecideInput {
  goal: Pick<Goal, 'id' | 'startTime' | 'className' | 'classNameMatch'>;
  day: string;
  skip: SkipRange | null;
  /** The box's timetable that day; null when it was not needed (skipped day). */
  classes: TimetableClass[] | null;
  /** Every prebooking of the member for classes that day. */
  existing: ExistingPrebooking[];
}

/**
 * What a goal does about one class day: prebook the matching class, or record why not. Pure, so
 * every rule ("nothing on a skip date", "never a duplicate", "never what the member cancelled")
 * is tested without a database or AimHarder.
 */
export function decideOccurrence(input: DecideInput): OccurrenceDecision {
  const { goal, day } = input;
  const record = (outcome: Exclude<OccurrenceOutcome, 'error'>, detail: string, classId: string | null = null, prebookingId: string | null = null): OccurrenceDecision => ({
    action: 'record',
    outcome,
    classId,
    prebookingId,
    detail,
  });

  if (input.skip) return record('skipped', input.skip.note ? `Skipped: ${input.skip.note}.` : 'Skipped date.');
  const classes = input.classes ?? [];
  const { match, candidates } = pickMatchingClass(goal, classes);
  if (!match) {
    const atThatTime = classes.filter((slot) => slot.startTime === goal.startTime).map((slot) => slot.name);
    const detail =
      classes.length === 0
        ? `The timetable has no classes on ${day}.`
        : atThatTime.length > 0
          ? `At ${goal.startTime} the timetable has ${atThatTime.join(', ')}, not ${goal.className}.`
          : `The timetable has no class at ${goal.startTime} on ${day}.`;
    return record('no_matching_class', detail);
  }
  const also = candidates.length > 1 ? ` (${candidates.length} classes matched; chose ${match.name})` : '';

  if (match.memberState !== 'none') {
    return record('already_booked', `You already hold ${match.name} at ${match.startTime}${match.memberState === 'waitlisted' ? ' (waiting list)' : ''} in AimHarder.`, match.id);
  }
  const sameClass = input.existing.filter((prebooking) => prebooking.classId === match.id);
  const active = sameClass.find((prebooking) => ACTIVE.has(prebooking.status));
  if (active) {
    return active.goalId === goal.id
      ? record('prebooked', `Prebooked ${match.name} at ${match.startTime}${also}.`, match.id, active.id)
      : record('already_prebooked', `You already prebooked ${match.name} at ${match.startTime}${active.goalId ? ' with another goal' : ' by hand'}.`, match.id, active.id);
  }
  const completed = sameClass.find((prebooking) => prebooking.status === 'completed');
  if (completed) return record('already_booked', `Prebooker already booked ${match.name} at ${match.startTime}.`, match.id, completed.id);
  const mine = sameClass.filter((prebooking) => prebooking.goalId === goal.id);
  const refused = mine.find((prebooking) => prebooking.status === 'cancelled' && CANCELLED_BY_PERSON.has(prebooking.resultCode ?? ''));
  if (refused) {
    return record('member_cancelled', `The prebooking this goal made was cancelled${refused.resultCode === 'cancelled_by_admin' ? ' by an admin' : ' by you'}; it is not made again.`, match.id, refused.id);
  }
  const failed = mine.find((prebooking) => prebooking.status === 'failed');
  if (failed) return record('ended', `This goal's prebooking already ran and failed (${failed.resultCode ?? 'unknown reason'}).`, match.id, failed.id);
  const sameHour = input.existing.find((prebooking) => ACTIVE.has(prebooking.status) && prebooking.classStartTime === match.startTime);
  if (sameHour) {
    return record('already_prebooked', `You already prebooked ${sameHour.className} at ${sameHour.classStartTime} that day.`, match.id, sameHour.id);
  }
  return { action: 'create', slot: match };
}
