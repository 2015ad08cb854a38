import type { Database } from '@/core/database/admin-client';
import { databaseError, isUniqueViolation } from '@/core/database/database-error';
import { AppError } from '@/core/http/app-error';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, replaceMessageId, toPrebooking } from './prebooking.repository';
import { publishPrebookingMessage } from './publish-prebooking';
import { schedulePreflight } from './publish-preflight';

export interface RetimeChanges {
  /** The class's new session id and start, when the class itself moved. */
  classId?: string;
  classStartTime?: string;
  classStartsAt?: Date;
  /** The new opening instant; the fire instant keeps its spacing after it. */
  availableAt: Date;
  /** Why, for the timeline: `rule_changed`, `class_moved`. */
  reason: string;
  by: 'preflight' | 'member';
}

/**
 * Moves a waiting prebooking to a new opening instant (and, for a moved class, to its new start):
 * the row changes only while it is `scheduled` and not committed to fire, the new QStash message
 * goes out before the old one is cancelled (so it is never without one), and the new instant gets
 * its own pre-flight unless the pre-flight itself asked. Returns null when the prebooking was no
 * longer waiting (taken by a delivery, cancelled): nothing changed then.
 */
export async function retimePrebooking(deps: PrebookingDependencies, prebooking: Prebooking, changes: RetimeChanges): Promise<Prebooking | null> {
  const spacingMs = new Date(prebooking.fireAt).getTime() - new Date(prebooking.availableAt).getTime();
  const fireAt = new Date(changes.availableAt.getTime() + Math.max(spacingMs, 0));
  const updated = await updateWaitingTiming(deps.db, prebooking.id, prebooking.fireAt, {
    ...(changes.classId ? { aimharder_class_id: changes.classId } : {}),
    ...(changes.classStartTime ? { class_start_time: changes.classStartTime } : {}),
    ...(changes.classStartsAt ? { class_starts_at: changes.classStartsAt.toISOString() } : {}),
    available_at: changes.availableAt.toISOString(),
    fire_at: fireAt.toISOString(),
  });
  if (!updated) return null;

  let messageId: string | null = null;
  if (deps.config.scheduling === 'direct' || prebooking.qstashMessageId) {
    messageId = await publishPrebookingMessage(deps, updated, `-t${fireAt.getTime()}`);
    await replaceMessageId(deps.db, updated.id, messageId);
  }
  if (prebooking.qstashMessageId && prebooking.qstashMessageId !== messageId) {
    // Best effort: an old delivery that still arrives is early, and hands itself back (rearm).
    await deps.publisher.cancelMessage(prebooking.qstashMessageId).catch((error: unknown) =>
      deps.logger.warn('could not cancel the previous QStash message', { prebookingId: prebooking.id, messageId: prebooking.qstashMessageId, error: String(error) }),
    );
  }
  await appendEvent(deps.db, updated.id, 'retimed', {
    reason: changes.reason,
    by: changes.by,
    from: { classId: prebooking.classId, classStartTime: prebooking.classStartTime, availableAt: prebooking.availableAt, fireAt: prebooking.fireAt },
    to: { classId: updated.classId, classStartTime: updated.classStartTime, availableAt: updated.availableAt, fireAt: updated.fireAt },
    messageId,
    previousMessageId: prebooking.qstashMessageId,
  });
  if (changes.by !== 'preflight') await schedulePreflight(deps, updated);
  deps.logger.info('prebooking retimed', { prebookingId: updated.id, reason: changes.reason, availableAt: updated.availableAt });
  return { ...updated, qstashMessageId: messageId ?? updated.qstashMessageId };
}

/** The guard: still `scheduled`, not committed to fire, and still firing when it was read (no concurrent move). */
async function updateWaitingTiming(db: Database, id: string, readFireAt: string, changes: Record<string, unknown>): Promise<Prebooking | null> {
  const { data, error } = await db
    .from('prebookings')
    .update(changes)
    .eq('id', id)
    .eq('status', 'scheduled')
    .is('fire_committed_at', null)
    .eq('fire_at', readFireAt)
    .select();
  if (isUniqueViolation(error)) {
    throw new AppError({ code: 'conflict', reason: 'already_prebooked', message: 'You already have a prebooking for that class.' });
  }
  if (error) throw databaseError('move the prebooking', error);
  const rows = data as Array<Parameters<typeof toPrebooking>[0]>;
  return rows[0] ? toPrebooking(rows[0]) : null;
}
