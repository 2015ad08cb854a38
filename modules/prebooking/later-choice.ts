import type { AimHarderClient, BoxRef } from '@/modules/aimharder';
import { databaseError } from '@/core/database/database-error';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvents, replaceMessageId, type PendingEvent } from './prebooking.repository';
import { choicesOf, findHeldChoice, recordBookedChoice, type Choice } from './book-next-choices';
import { publishPrebookingMessage } from './publish-prebooking';

/** Ahead of the fire instant by more than this, a handed-over prebooking's opening is a different instant. */
const SAME_INSTANT_MS = 1_000;

/**
 * The choice a delivery fires first: the first choice, or, once the execution handed the
 * prebooking over to an alternative that opens later (fire_at moved past the first opening), that
 * alternative, at its own precise instant.
 */
export function leadChoiceOf(prebooking: Prebooking): Choice {
  const choices = choicesOf(prebooking);
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  if (fireAtMs - new Date(prebooking.availableAt).getTime() <= SAME_INSTANT_MS) return choices[0]!;
  const due = choices.filter((choice) => Math.abs(new Date(choice.availableAt).getTime() - fireAtMs) <= SAME_INSTANT_MS);
  return due[0] ?? choices[0]!;
}

/**
 * Every open choice full, and an alternative still to open within the prebooking's lifetime: the
 * prebooking goes back to `scheduled` with its fire instant at that alternative's opening and a
 * QStash message of its own (fired precisely like the first), its lease released. Its first fire
 * stays recorded, so the next delivery reconciles with AimHarder before booking anything.
 * Returns null when no alternative opens later.
 */
export async function handOverToLaterChoice(
  deps: PrebookingDependencies,
  prebooking: Prebooking,
  leaseToken: string,
  timeline: { add(type: string, detail: Record<string, unknown>): void; recordWith<T>(write: (events: PendingEvent[]) => Promise<T>): Promise<T> },
): Promise<{ kind: 'done'; status: string; detail: string } | null> {
  const nowMs = deps.clock.now();
  const next = choicesOf(prebooking).find((choice) => new Date(choice.availableAt).getTime() > nowMs + SAME_INSTANT_MS);
  if (!next || new Date(prebooking.classStartsAt).getTime() <= nowMs) return null;
  const fireAt = new Date(next.availableAt);
  const { data, error } = await deps.db
    .from('prebookings')
    .update({ status: 'scheduled', fire_at: fireAt.toISOString(), lease_token: null, lease_expires_at: null, fire_committed_at: null })
    .eq('id', prebooking.id)
    .eq('status', 'executing')
    .eq('lease_token', leaseToken)
    .select('id');
  if (error) throw databaseError('hand the prebooking over to its next choice', error);
  if (!data || data.length === 0) return { kind: 'done', status: 'superseded', detail: 'changed meanwhile' };
  const messageId = await publishPrebookingMessage(deps, { id: prebooking.id, boxId: prebooking.boxId, availableAt: next.availableAt, fireAt: fireAt.toISOString() }, `-c${next.position}`);
  await replaceMessageId(deps.db, prebooking.id, messageId, ['scheduled', 'executing']);
  timeline.add('next_choice_armed', { choice: next.position, classId: next.classId, classStartTime: next.classStartTime, availableAt: next.availableAt, messageId });
  await timeline.recordWith((events) => appendEvents(deps.db, prebooking.id, events));
  deps.logger.info('open choices full: armed the next choice', { prebookingId: prebooking.id, choice: next.position, fireAt: fireAt.toISOString() });
  return { kind: 'done', status: 'scheduled', detail: `choices open so far were full; the ${next.position}. choice fires at ${fireAt.toISOString()}` };
}

/** Reconciliation across choices; the held one is recorded as the booked choice. */
export async function findHeldAmongChoices(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  leaseToken: string,
): Promise<{ reservationId: string | null; state: 'booked' | 'waitlisted'; choice: number } | null> {
  // An AimHarder failure here is retried by QStash like any other before the booking request.
  const held = await findHeldChoice(aimharder, box, prebooking);
  if (!held) return null;
  if (held.choice.position > 1) await recordBookedChoice(deps.db, prebooking.id, leaseToken, held.choice, new Date(held.choice.availableAt).getTime());
  return { reservationId: held.reservationId, state: held.state, choice: held.choice.position };
}
