import type { Prebooking } from './prebooking.schema';
import { EXECUTE_ROUTE, FAILED_ROUTE, type PrebookingDependencies } from './prebooking-dependencies';
import { countActiveFiringAround } from './prebooking.repository';

/** Prebookings firing this close together count as one crowded instant. */
const CROWD_WINDOW_MS = 1_000;

/**
 * Publishes the one QStash message that fires a prebooking: delivered `leadMs` before the fire
 * instant (QStash's timing is whole seconds, cold starts add latency), then the execution waits
 * on a monotonic clock for the exact instant. Each prebooking already due in the same second adds
 * `crowdLeadMs`, so the deliveries of a crowded instant arrive spread out ahead of it rather than
 * all in its last seconds. The deduplication id makes a repeated publish of the same attempt harmless.
 */
export async function publishPrebookingMessage(
  deps: PrebookingDependencies,
  prebooking: Pick<Prebooking, 'id' | 'fireAt'>,
  deduplicationSuffix = '',
): Promise<string> {
  const { config } = deps;
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  // An overdue message (the sweep, a retry) is delivered at once whatever its lead: no crowd to count.
  const overdue = fireAtMs - config.leadMs <= deps.clock.now();
  const crowd = config.crowdLeadMs > 0 && !overdue ? await countActiveFiringAround(deps.db, prebooking.fireAt, CROWD_WINDOW_MS, prebooking.id) : 0;
  const leadMs = config.leadMs + Math.min(crowd * config.crowdLeadMs, config.crowdLeadMaxMs);
  const notBeforeMs = Math.max(fireAtMs - leadMs, 0);
  const { messageId } = await deps.publisher.publishDelayedJson({
    destinationUrl: `${config.appBaseUrl}${EXECUTE_ROUTE}`,
    body: { prebookingId: prebooking.id },
    notBeforeMs,
    deduplicationId: `${prebooking.id}${deduplicationSuffix}`,
    retries: config.qstashRetries,
    failureCallbackUrl: `${config.appBaseUrl}${FAILED_ROUTE}`,
    label: 'prebooking',
  });
  return messageId;
}

/** In `armed` mode only prebookings firing within the next two sweep intervals hold a QStash message. */
export function isWithinArmingHorizon(deps: PrebookingDependencies, fireAt: string, nowMs: number): boolean {
  return new Date(fireAt).getTime() <= nowMs + 2 * deps.config.sweepIntervalMinutes * 60_000;
}
