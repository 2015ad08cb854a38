import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/http/app-error';
import type { NotificationDependencies } from './notification-dependencies';
import { findDelivery, insertClaimedDelivery, takeOverDelivery, type DeliveryKey } from './notifications.repository';
import type { NotificationDelivery } from './notifications.schema';

export type DeliveryResult =
  /** 200: the notification went out, or nothing is to be sent (and why). */
  | { kind: 'sent' | 'skipped' | 'duplicate'; detail: string }
  /** 5xx: another delivery is sending this very notification right now; QStash should come back later. */
  | { kind: 'busy'; detail: string };

export type Claim = { kind: 'claimed'; delivery: NotificationDelivery; token: string } | { kind: 'not_claimed'; result: DeliveryResult };

/**
 * Claims the delivery row of one (prebooking, outcome, channel) before sending: inserted as
 * `sending`, or taken over by compare-and-set when it failed or its sender's lease ran out. Of two
 * concurrent deliveries exactly one is `claimed`.
 */
export async function claimDelivery(deps: Pick<NotificationDependencies, 'db' | 'clock' | 'config'>, key: DeliveryKey, existing: NotificationDelivery | null): Promise<Claim> {
  const token = randomUUID();
  const now = new Date(deps.clock.now());
  let current = existing;
  if (!current) {
    const inserted = await insertClaimedDelivery(deps.db, key, token, now);
    if (inserted) return { kind: 'claimed', delivery: inserted, token };
    // Lost the insert race to a concurrent delivery: look at what it did.
    current = await findDelivery(deps.db, key);
    if (!current) throw new AppError({ code: 'unavailable', message: `The notification of prebooking ${key.prebookingId} changed meanwhile; retrying.` });
  }
  if (current.status === 'sent' || current.status === 'skipped') {
    return { kind: 'not_claimed', result: { kind: 'duplicate', detail: `already ${current.status}` } };
  }
  const leaseExpired = current.claimedAt === null || new Date(current.claimedAt).getTime() + deps.config.sendLeaseMs < now.getTime();
  if (current.status === 'sending' && !leaseExpired) {
    return { kind: 'not_claimed', result: { kind: 'busy', detail: `the ${key.outcome} ${key.channel} notification of prebooking ${key.prebookingId} is being sent by another delivery` } };
  }
  const taken = await takeOverDelivery(deps.db, current, token, now);
  if (!taken) return { kind: 'not_claimed', result: { kind: 'busy', detail: 'another delivery claimed it first' } };
  return { kind: 'claimed', delivery: taken, token };
}
