import type { AimHarderClient, BookingOutcome, BoxRef } from '@/modules/aimharder';
import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import type { Prebooking, PrebookingAlternative } from './prebooking.schema';
import type { Outcome } from './prebooking.repository';
import { crashIfInjected } from './crash-fault';

/** A place in the member's ordered list: 1 = the first choice, 2 = the first alternative, … */
export interface Choice {
  position: number;
  classId: string;
  classDay: string;
  classStartTime: string;
  className: string;
  availableAt: string;
}

export function choicesOf(prebooking: Prebooking): Choice[] {
  return [
    { position: 1, classId: prebooking.classId, classDay: prebooking.classDay, classStartTime: prebooking.classStartTime, className: prebooking.className, availableAt: prebooking.availableAt },
    ...prebooking.alternatives.map((alternative: PrebookingAlternative, index) => ({ position: index + 2, ...alternative })),
  ];
}

/** "2nd", "3rd": how the outcome names the choice that was booked. */
export function ordinal(position: number): string {
  const suffix = position % 10 === 1 && position % 100 !== 11 ? 'st' : position % 10 === 2 && position % 100 !== 12 ? 'nd' : position % 10 === 3 && position % 100 !== 13 ? 'rd' : 'th';
  return `${position}${suffix}`;
}

/** Whether a first-choice answer sends the execution on down the list: a full class (waitlist or not: a place beats a queue). */
export function wantsNextChoice(outcome: BookingOutcome, prebooking: Prebooking): boolean {
  return outcome.kind === 'full' && prebooking.alternatives.length > 0;
}

export interface ChoiceAttempt {
  choice: Choice;
  outcome: BookingOutcome;
  firedAtMs: number;
  respondedAtMs: number;
}

/**
 * Books the alternatives already open, in order, right after the first choice answered full: one
 * request each, sent as soon as the previous answer is in (the session and the connection are the
 * first request's, so each costs one round trip). Stops at the first booking. Alternatives whose
 * booking opens later are left for their own fire. Every attempt is handed to `onAttempt` for the
 * timeline.
 *
 * `recordBehind` (the first choice's fire, for the database) starts only once the first
 * alternative's request is on its way, so no database round trip sits between the full answer and
 * the next request; it runs during that request's round trip, and is awaited before a booked answer
 * is acted on (a crash from then on finds the fire recorded) and before this returns.
 */
export async function bookOpenAlternatives(
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  afterPosition: number,
  now: () => number,
  onAttempt: (attempt: ChoiceAttempt) => void,
  recordBehind: () => Promise<void> = async () => undefined,
): Promise<ChoiceAttempt | null> {
  let recording: Promise<void> | null = null;
  // setImmediate: after the microtasks that hand the request to its socket.
  const recorded = () => (recording ??= new Promise<void>((resolve) => setImmediate(resolve)).then(recordBehind));
  try {
    for (const choice of choicesOf(prebooking).slice(Math.max(afterPosition, 1))) {
      if (new Date(choice.availableAt).getTime() > now()) continue;
      const firedAtMs = now();
      const answer = aimharder.book(box, choice.classDay, choice.classId, { waitlist: false });
      // Caught here only so that it is not unhandled while the request is out; awaited below.
      recorded().catch(() => undefined);
      const outcome = await answer;
      const respondedAtMs = now();
      if (outcome.kind === 'booked') {
        await recorded();
        // No-op unless the reliability suite asks for a real process death between choices (crash-fault.ts).
        crashIfInjected('after-alternative-booked');
      }
      const attempt = { choice, outcome, firedAtMs, respondedAtMs };
      onAttempt(attempt);
      if (outcome.kind === 'booked') return attempt;
    }
    return null;
  } finally {
    await recorded();
  }
}

/** The outcome of a booked alternative, worded with its place in the list. */
export function alternativeOutcome(attempt: ChoiceAttempt & { outcome: Extract<BookingOutcome, { kind: 'booked' }> }): Outcome {
  const { choice } = attempt;
  return {
    status: 'completed',
    resultCode: 'booked',
    resultMessage: `Booked your ${ordinal(choice.position)} choice, ${choice.classStartTime} ${choice.className}, ${Math.max(0, Math.round(attempt.firedAtMs - new Date(choice.availableAt).getTime()))} ms after opening.`,
    reservationId: attempt.outcome.reservationId,
    respondedAt: new Date(attempt.respondedAtMs),
  };
}

/**
 * Records which choice holds the booking, while the execution still holds its lease (before the
 * outcome is stored, so that whoever reads the outcome reads the choice with it).
 */
export async function recordBookedChoice(db: Database, prebookingId: string, leaseToken: string, choice: Choice, firedAtMs: number): Promise<void> {
  const { error } = await db
    .from('prebookings')
    .update({ booked_choice: choice.position, booked_choice_offset_ms: Math.round(firedAtMs - new Date(choice.availableAt).getTime()) })
    .eq('id', prebookingId)
    .eq('lease_token', leaseToken);
  if (error) throw databaseError('record which choice was booked', error);
}

/**
 * After a crash or an ambiguous answer: the first of the member's choices that AimHarder says they
 * hold, reading each choice's day once. Idempotency across choices: one prebooking never ends with
 * two bookings, because a redelivery that finds any of them held reconciles to it.
 */
export async function findHeldChoice(
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
): Promise<{ choice: Choice; reservationId: string | null; state: 'booked' | 'waitlisted' } | null> {
  const choices = choicesOf(prebooking);
  const days = [...new Set(choices.map((choice) => choice.classDay))];
  const lists = new Map(await Promise.all(days.map(async (day) => [day, await aimharder.listClasses(box, day)] as const)));
  for (const choice of choices) {
    const slot = lists.get(choice.classDay)?.find((candidate) => candidate.id === choice.classId);
    if (slot && slot.memberState !== 'none') return { choice, reservationId: slot.reservationId, state: slot.memberState };
  }
  return null;
}
