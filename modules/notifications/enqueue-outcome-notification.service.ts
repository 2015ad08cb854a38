import { classifyOutcome, notificationDeduplicationId } from './notification-outcome';
import { NOTIFY_OUTCOME_ROUTE, type NotificationDependencies } from './notification-dependencies';
import { findNotifiablePrebooking } from './notifications.repository';

/**
 * The prebooking module's `onPrebookingEnded` hook: queues one QStash message that sends the
 * outcome email later, and returns. It never throws and gives up after `enqueueTimeoutMs`, so a
 * slow database or QStash cannot hold the booking path; the deduplication id (prebooking +
 * outcome) makes a second call for the same ending harmless.
 */
export async function enqueueOutcomeNotification(deps: NotificationDependencies, prebookingId: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${deps.config.enqueueTimeoutMs} ms`)), deps.config.enqueueTimeoutMs);
  });
  try {
    await Promise.race([publish(deps, prebookingId), timeout]);
  } catch (error) {
    deps.logger.warn('outcome notification could not be queued', { prebookingId, error: String(error) });
  } finally {
    clearTimeout(timer);
  }
}

async function publish(deps: NotificationDependencies, prebookingId: string): Promise<void> {
  const prebooking = await findNotifiablePrebooking(deps.db, prebookingId);
  const outcome = prebooking ? classifyOutcome(prebooking.status, prebooking.resultCode) : null;
  if (!prebooking || !outcome) return;
  const { messageId, deduplicated } = await deps.publisher.publishDelayedJson({
    destinationUrl: `${deps.config.appBaseUrl}${NOTIFY_OUTCOME_ROUTE}`,
    body: { prebookingId, outcome },
    notBeforeMs: deps.clock.now(),
    deduplicationId: notificationDeduplicationId(prebookingId, outcome),
    retries: deps.config.qstashRetries,
    label: 'notification',
  });
  deps.logger.info('outcome notification queued', { prebookingId, outcome, messageId, deduplicated });
}
