import type { Database } from '@/core/database/admin-client';
import { databaseError, isUniqueViolation } from '@/core/database/database-error';
import { AppError } from '@/core/http/app-error';
import type { Member } from '@/modules/members';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, failActive, findPrebooking, replaceMessageId, toPrebooking } from './prebooking.repository';
import { prebookingResultText } from './prebooking-messages';
import { isWithinArmingHorizon, publishPrebookingMessage } from './publish-prebooking';

/** How far ahead of "now" a retry fires: time to publish, deliver and warm the AimHarder session. */
export const RETRY_FIRE_DELAY_MS = 1_500;

/**
 * An admin's "retry now" for a failed prebooking whose class has not started: the same row goes
 * back to `scheduled` with a fresh QStash message that fires it at once (or at its opening, if
 * that is still ahead). The timeline keeps the earlier attempts; `fired_at` keeps the first fire,
 * so the original offset from the opening stays what the statistics measure. The execution path
 * reconciles with AimHarder before booking again, so a booking that did go through is not doubled.
 */
export async function retryPrebooking(deps: PrebookingDependencies, admin: Member, prebookingId: string): Promise<Prebooking> {
  if (admin.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can retry a prebooking.' });
  const { db, clock, config } = deps;
  const prebooking = await findPrebooking(db, prebookingId);
  if (!prebooking) throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  if (prebooking.status !== 'failed') {
    throw new AppError({ code: 'conflict', reason: 'not_failed', message: `Prebooking ${prebookingId} is ${prebooking.status}: only a failed prebooking can be retried.` });
  }
  const nowMs = clock.now();
  if (new Date(prebooking.classStartsAt).getTime() <= nowMs + RETRY_FIRE_DELAY_MS) {
    throw new AppError({ code: 'unprocessable', reason: 'class_started', message: `The class of prebooking ${prebookingId} has already started.` });
  }

  const fireAt = new Date(Math.max(new Date(prebooking.fireAt).getTime(), nowMs + RETRY_FIRE_DELAY_MS));
  const revived = await reviveFailed(db, prebooking.id, fireAt);
  if (!revived) {
    throw new AppError({ code: 'conflict', reason: 'not_failed', message: `Prebooking ${prebookingId} changed while it was being retried.` });
  }

  let messageId: string | null = null;
  if (config.scheduling === 'direct' || isWithinArmingHorizon(deps, revived.fireAt, nowMs)) {
    try {
      messageId = await publishPrebookingMessage(deps, revived, `-retry${Math.floor(nowMs)}`);
    } catch (error) {
      await failActive(db, revived.id, 'schedule_failed', prebookingResultText('schedule_failed', 'en'));
      throw new AppError({ code: 'upstream_unavailable', message: `Prebooking ${prebookingId} could not be scheduled again. Try later.`, cause: error });
    }
    // A fast delivery may have claimed it already: the message id is still worth keeping.
    await replaceMessageId(db, revived.id, messageId, ['scheduled', 'executing']);
  }
  await appendEvent(db, revived.id, 'retried_by_admin', {
    adminId: admin.id,
    messageId,
    fireAt: revived.fireAt,
    previousResult: { code: prebooking.resultCode, message: prebooking.resultMessage },
  });
  deps.logger.info('prebooking retried by an admin', { prebookingId, adminId: admin.id, messageId, fireAt: revived.fireAt });
  return (await findPrebooking(db, revived.id)) ?? revived;
}

/**
 * failed → scheduled, guarded on the status. Kept here rather than in prebooking.repository.ts
 * only because that file belongs to another change; it is the same kind of guarded transition.
 * `delivered_at` is cleared so that the sweep republishes should this new message never arrive.
 */
async function reviveFailed(db: Database, id: string, fireAt: Date): Promise<Prebooking | null> {
  const { data, error } = await db
    .from('prebookings')
    .update({
      status: 'scheduled',
      fire_at: fireAt.toISOString(),
      qstash_schedule_id: null,
      result_code: null,
      result_message: null,
      lease_token: null,
      lease_expires_at: null,
      fire_committed_at: null,
      delivered_at: null,
      responded_at: null,
    })
    .eq('id', id)
    .eq('status', 'failed')
    .select();
  if (isUniqueViolation(error)) {
    throw new AppError({ code: 'conflict', reason: 'active_exists', message: `The member already has an active prebooking for this class (prebooking ${id}).` });
  }
  if (error) throw databaseError('retry the prebooking', error);
  const rows = data as Parameters<typeof toPrebooking>[0][];
  return rows[0] ? toPrebooking(rows[0]) : null;
}
