import { ACTIVE_STATUSES, executePayloadSchema } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, findPrebooking } from './prebooking.repository';
import { settleIdlePrebooking } from './prebooking-guards.repository';
import { prebookingResultText } from './prebooking-messages';

export interface DeliveryFailure {
  sourceBody: string;
  status?: number;
  retried?: number;
  maxRetries?: number;
  dlqId?: string;
  sourceMessageId?: string;
}

/**
 * QStash gave up on a prebooking's message (every retry failed, it is in the DLQ): the
 * prebooking ends `failed` with a reason the member can read. Idempotent: a prebooking that
 * already ended is left as it is. Only the row's current message can fail it, and never while an
 * execution holds a live lease: an older message's last failure must not overrule a newer
 * delivery that may be booking right now.
 */
export async function recordDeliveryFailure(deps: PrebookingDependencies, failure: DeliveryFailure): Promise<{ prebookingId: string | null; changed: boolean }> {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(failure.sourceBody, 'base64').toString('utf8'));
  } catch {
    payload = undefined;
  }
  const parsed = executePayloadSchema.safeParse(payload);
  if (!parsed.success) {
    deps.logger.warn('failure callback for a message that is not a prebooking', { dlqId: failure.dlqId, sourceMessageId: failure.sourceMessageId });
    return { prebookingId: null, changed: false };
  }
  const { prebookingId } = parsed.data;
  const existing = await findPrebooking(deps.db, prebookingId);
  if (!existing) return { prebookingId, changed: false };

  const lastError = existing.resultMessage && existing.status !== 'completed' ? ` Last error: ${existing.resultMessage}` : '';
  const message = `${prebookingResultText('delivery_failed', 'en')} (HTTP ${failure.status ?? 'unknown'} after ${failure.retried ?? '?'} retries.)${lastError}`;
  const failed = await settleIdlePrebooking(deps.db, prebookingId, {
    status: 'failed',
    resultCode: 'delivery_failed',
    resultMessage: message,
    // QStash always names the message; without it only the lease guards the row.
    messageId: failure.sourceMessageId ?? null,
  });
  if (!failed && ACTIVE_STATUSES.includes(existing.status)) {
    const detail = { messageId: failure.sourceMessageId ?? null, currentMessageId: existing.qstashMessageId, status: existing.status };
    deps.logger.info('failure callback left the prebooking alone: a newer message or a live execution holds it', { prebookingId, ...detail });
    await appendEvent(deps.db, prebookingId, 'failure_callback_ignored', detail);
  }
  if (failed) {
    await appendEvent(deps.db, prebookingId, 'failed', {
      code: 'delivery_failed',
      lastStatus: failure.status ?? null,
      retried: failure.retried ?? null,
      maxRetries: failure.maxRetries ?? null,
      dlqId: failure.dlqId ?? null,
      messageId: failure.sourceMessageId ?? null,
    });
    deps.logger.warn('prebooking failed: QStash retries exhausted', { prebookingId, messageId: failure.sourceMessageId, dlqId: failure.dlqId });
    await deps.onPrebookingEnded(prebookingId).catch(() => undefined);
  }
  return { prebookingId, changed: failed !== null };
}
