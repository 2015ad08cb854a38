import { AppError } from '@/core/http/app-error';
import type { Member } from '@/modules/members';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, cancelActive, findPrebooking } from './prebooking.repository';
import { prebookingResultText } from './prebooking-messages';

/**
 * Cancels a prebooking. The database decides races with an execution: the row is cancelled only
 * while it is still waiting, or executing but not yet committed to fire (the executor then finds
 * its guarded updates refused and stops before sending anything). Once the booking request is
 * committed, the cancel is refused and the member can cancel the real reservation afterwards.
 */
export async function cancelPrebooking(deps: PrebookingDependencies, actor: Member, prebookingId: string): Promise<Prebooking> {
  const { db } = deps;
  const prebooking = await findPrebooking(db, prebookingId);
  // Someone else's prebooking is "not found": its existence is not theirs to learn.
  if (!prebooking || (prebooking.memberId !== actor.id && actor.role !== 'admin')) {
    throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  }
  if (prebooking.status === 'cancelled') return prebooking;

  const byAdmin = prebooking.memberId !== actor.id;
  const code = byAdmin ? 'cancelled_by_admin' : 'cancelled_by_member';
  const cancelled = await cancelActive(db, prebooking.id, code, prebookingResultText(code, 'en'));
  if (!cancelled) {
    const current = (await findPrebooking(db, prebooking.id)) ?? prebooking;
    if (current.status === 'cancelled') return current;
    throw new AppError({
      code: 'conflict',
      reason: current.status === 'completed' ? 'already_completed' : 'already_firing',
      message:
        current.status === 'completed'
          ? 'This prebooking already booked the class. Cancel the booking from your schedule instead.'
          : current.status === 'failed'
            ? 'This prebooking has already ended.'
            : 'Too late to cancel: the booking request is being sent right now. If it books, you can cancel the class from your schedule.',
    });
  }
  await appendEvent(db, prebooking.id, 'cancelled', { by: byAdmin ? 'admin' : 'member', actorId: actor.id, messageId: prebooking.qstashMessageId });

  if (prebooking.qstashMessageId) {
    // Best effort: should the message still be delivered, the execution finds the row cancelled.
    try {
      const removed = await deps.publisher.cancelMessage(prebooking.qstashMessageId);
      await appendEvent(db, prebooking.id, 'message_cancelled', { messageId: prebooking.qstashMessageId, found: removed });
    } catch (error) {
      deps.logger.warn('could not cancel the QStash message; its delivery will be ignored', {
        prebookingId: prebooking.id,
        messageId: prebooking.qstashMessageId,
        error: String(error),
      });
    }
  }
  deps.logger.info('prebooking cancelled', { prebookingId: prebooking.id, by: byAdmin ? 'admin' : 'member' });
  return cancelled;
}
