import { loadLeadShiftMs, MAX_WAIT_HEADROOM_MS, type ScheduledTiming } from './box-clock-schedule';
import { EXECUTE_ROUTE, FAILED_ROUTE, type PrebookingDependencies } from './prebooking-dependencies';
import { countActiveFiringAround } from './prebooking.repository';

/** Prebookings firing this close together count as one crowded instant. */
const CROWD_WINDOW_MS = 1_000;

/**
 * Publishes the one QStash message that fires a prebooking: delivered `leadMs` before the fire
 * instant (QStash's timing is whole seconds, cold starts add latency), then the execution waits
 * on a monotonic clock for the exact instant. Each prebooking already due in the same second adds
 * `crowdLeadMs`, so the deliveries of a crowded instant arrive spread out ahead of it rather than
 * all in its last seconds. With a trusted estimate of a box clock ahead of ours (issue 16), the
 * delivery also moves earlier by that much, so that it still comes `leadMs` before the opening *on
 * the box clock*. The deduplication id makes a repeated publish of the same attempt harmless; a
 * shifted message's id names its delivery second, so re-arming for an unchanged shift is one too.
 */
export async function publishPrebookingMessage(
  deps: PrebookingDependencies,
  prebooking: ScheduledTiming,
  deduplicationSuffix = '',
  planned?: PlannedDelivery,
): Promise<string> {
  const { config } = deps;
  const { notBeforeMs, boxClockShiftMs } = planned ?? (await planPrebookingDelivery(deps, prebooking));
  const shifted = boxClockShiftMs > 0 ? `-k${Math.floor(notBeforeMs / 1000)}` : '';
  const { messageId } = await deps.publisher.publishDelayedJson({
    destinationUrl: `${config.appBaseUrl}${EXECUTE_ROUTE}`,
    body: { prebookingId: prebooking.id },
    notBeforeMs,
    deduplicationId: `${prebooking.id}${deduplicationSuffix}${shifted}`,
    retries: config.qstashRetries,
    failureCallbackUrl: `${config.appBaseUrl}${FAILED_ROUTE}`,
    label: 'prebooking',
  });
  return messageId;
}

export interface PlannedDelivery {
  /** Our clock. */
  notBeforeMs: number;
  /** How much earlier than by our own clock, because the box's clock is ahead (0: not moved). */
  boxClockShiftMs: number;
}

/** When the prebooking's QStash message is to be delivered: the lead, the crowd's extra lead, the box clock's shift. */
export async function planPrebookingDelivery(deps: PrebookingDependencies, prebooking: ScheduledTiming): Promise<PlannedDelivery> {
  const { config } = deps;
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  const boxClockShiftMs = await loadLeadShiftMs(deps, prebooking, config.leadMs);
  // An overdue message (the sweep, a retry) is delivered at once whatever its lead: no crowd to count.
  const overdue = fireAtMs - config.leadMs - boxClockShiftMs <= deps.clock.now();
  const crowd = config.crowdLeadMs > 0 && !overdue ? await countActiveFiringAround(deps.db, prebooking.fireAt, CROWD_WINDOW_MS, prebooking.id) : 0;
  const leadMs = config.leadMs + Math.min(crowd * config.crowdLeadMs, config.crowdLeadMaxMs);
  // Crowd lead and shift together stay within what an execution may wait (else it would hand the delivery back, again and again).
  const shiftMs = boxClockShiftMs > 0 ? Math.max(0, Math.min(boxClockShiftMs, config.maxWaitMs - MAX_WAIT_HEADROOM_MS - leadMs)) : 0;
  return { notBeforeMs: Math.max(fireAtMs - leadMs - shiftMs, 0), boxClockShiftMs: shiftMs };
}

/** In `armed` mode only prebookings firing within the next two sweep intervals hold a QStash message. */
export function isWithinArmingHorizon(deps: PrebookingDependencies, fireAt: string, nowMs: number): boolean {
  return new Date(fireAt).getTime() <= nowMs + 2 * deps.config.sweepIntervalMinutes * 60_000;
}
