import type { NotificationDependencies } from '../notification-dependencies';
import type { PushNotificationPayload } from './outcome-push';
import type { PushTarget } from './push-subscription.schema';
import { deleteSubscription, touchSubscriptionSent } from './push-subscriptions.repository';
import type { PushMessageOptions } from './web-push-sender';

export interface DevicesPushResult {
  accepted: string[];
  /** Devices whose push service said 404/410: removed. */
  removed: string[];
  /** Devices that refused for good (other 4xx); not retried. */
  rejected: Array<{ id: string; status: number; detail: string }>;
  /** Devices whose push service is down (5xx, 429, network): worth a retry. */
  unavailable: Array<{ id: string; detail: string }>;
}

/**
 * Sends one payload to each device, in parallel. A device that answers 404/410 is deleted (the
 * browser unsubscribed or the push service dropped it); `onFinal` records every device that need
 * not be tried again (accepted or refused for good), so a retry reaches only the others.
 */
export async function sendPushToDevices(
  deps: Pick<NotificationDependencies, 'db' | 'clock' | 'push' | 'logger'>,
  targets: PushTarget[],
  payload: PushNotificationPayload,
  options: PushMessageOptions,
  onFinal: (target: PushTarget, status: number) => Promise<void> = async () => {},
): Promise<DevicesPushResult> {
  const result: DevicesPushResult = { accepted: [], removed: [], rejected: [], unavailable: [] };
  const body = JSON.stringify(payload);
  await Promise.all(
    targets.map(async (target) => {
      const sent = await deps.push.sender.send(target, body, options);
      switch (sent.kind) {
        case 'accepted':
          result.accepted.push(target.id);
          await onFinal(target, sent.status);
          await touchSubscriptionSent(deps.db, target.id, new Date(deps.clock.now())).catch(() => undefined);
          return;
        case 'gone':
          result.removed.push(target.id);
          await deleteSubscription(deps.db, target.id);
          deps.logger.info('push device removed: its push service says it is gone', { memberId: target.memberId, deviceId: target.id, status: sent.status });
          return;
        case 'rejected':
          result.rejected.push({ id: target.id, status: sent.status, detail: sent.detail });
          await onFinal(target, sent.status);
          deps.logger.warn('push refused by the push service; not retried', { memberId: target.memberId, deviceId: target.id, status: sent.status, detail: sent.detail });
          return;
        case 'unavailable':
          result.unavailable.push({ id: target.id, detail: sent.detail });
          return;
      }
    }),
  );
  return result;
}
