import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';

export const PREFLIGHT_ROUTE = '/api/qstash/prebooking-preflight';

/**
 * Closer to the fire instant than this a pre-flight is not started: its AimHarder calls (a fresh
 * sign-in among them) would run beside the execution's own, and nothing could be fixed in time.
 */
export const PREFLIGHT_MIN_LEAD_MS = 60_000;

/** When the pre-flight of a prebooking runs: `preflightLeadMs` before its fire instant, or now if that has passed. */
export function preflightInstantMs(deps: Pick<PrebookingDependencies, 'config'>, fireAt: string, nowMs: number): number {
  return Math.max(new Date(fireAt).getTime() - deps.config.preflightLeadMs, nowMs);
}

/** Whether a prebooking firing at `fireAt` still gets a pre-flight (off when `preflightLeadMs` is 0). */
export function wantsPreflight(deps: Pick<PrebookingDependencies, 'config'>, fireAt: string, nowMs: number): boolean {
  return deps.config.preflightLeadMs > 0 && new Date(fireAt).getTime() - nowMs > PREFLIGHT_MIN_LEAD_MS;
}

/**
 * Publishes the pre-flight check of a prebooking for its current fire instant. The deduplication
 * id names the prebooking and the instant, so publishing it again (creation, the sweep) is
 * harmless, and a moved instant gets a check of its own. Returns null when no check is due.
 */
export async function publishPreflightMessage(deps: PrebookingDependencies, prebooking: Pick<Prebooking, 'id' | 'fireAt'>): Promise<string | null> {
  const nowMs = deps.clock.now();
  if (!wantsPreflight(deps, prebooking.fireAt, nowMs)) return null;
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  const { messageId } = await deps.publisher.publishDelayedJson({
    destinationUrl: `${deps.config.appBaseUrl}${PREFLIGHT_ROUTE}`,
    body: { prebookingId: prebooking.id, fireAt: new Date(fireAtMs).toISOString() },
    notBeforeMs: preflightInstantMs(deps, prebooking.fireAt, nowMs),
    deduplicationId: `preflight-${prebooking.id}-${fireAtMs}`,
    retries: deps.config.qstashRetries,
    label: 'preflight',
  });
  return messageId;
}

/** Best effort from the booking paths: a lost pre-flight message is re-published by the sweep. */
export async function schedulePreflight(deps: PrebookingDependencies, prebooking: Pick<Prebooking, 'id' | 'fireAt'>): Promise<void> {
  try {
    const messageId = await publishPreflightMessage(deps, prebooking);
    if (messageId) deps.logger.info('pre-flight scheduled', { prebookingId: prebooking.id, messageId });
  } catch (error) {
    deps.logger.warn('pre-flight could not be scheduled; the sweep will try again', { prebookingId: prebooking.id, error: String(error) });
  }
}
