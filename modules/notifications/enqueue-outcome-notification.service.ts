import { channelDeduplicationId, classifyOutcome } from './notification-outcome';
import { NOTIFY_OUTCOME_ROUTE, type NotificationDependencies } from './notification-dependencies';
import { findNotifiablePrebooking } from './notifications.repository';
import type { NotificationChannel } from './notifications.schema';
import { countMemberSubscriptions } from './push/push-subscriptions.repository';

/**
 * The prebooking module's `onPrebookingEnded` hook: queues one QStash message per channel (email,
 * and push when the member has a device) that sends the outcome later, and returns. It never
 * throws and gives up after `enqueueTimeoutMs`, so a slow database or QStash cannot hold the booking
 * path; the deduplication ids (prebooking + outcome + channel) make a second call harmless.
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
  // One message per channel, so a push service that is down never holds back (or re-sends) the email.
  // A member with no push device gets no push message at all.
  const hasPushDevice = (await countMemberSubscriptions(deps.db, prebooking.memberId)) > 0;
  const channels: NotificationChannel[] = hasPushDevice ? ['email', 'push'] : ['email'];
  await Promise.all(
    channels.map(async (channel) => {
      const { messageId, deduplicated } = await deps.publisher.publishDelayedJson({
        destinationUrl: `${deps.config.appBaseUrl}${NOTIFY_OUTCOME_ROUTE}`,
        body: { prebookingId, outcome, channel },
        notBeforeMs: deps.clock.now(),
        deduplicationId: channelDeduplicationId(prebookingId, outcome, channel),
        retries: channel === 'push' ? deps.push.qstashRetries : deps.config.qstashRetries,
        label: 'notification',
      });
      deps.logger.info('outcome notification queued', { prebookingId, outcome, channel, messageId, deduplicated });
    }),
  );
}
