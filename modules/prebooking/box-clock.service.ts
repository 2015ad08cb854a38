import {
  arrivalBoundsOf,
  assessEstimate,
  boundsFromBookingAnswer,
  estimateFromArrivalBounds,
  intersectBounds,
  measureBoxClock,
  priorFrom,
  type BoxClockEstimate,
  type BoxRef,
} from '@/modules/aimharder';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { findLatestBoxClock, saveBoxClock } from './box-clock.repository';

/** The stored estimate for a box's host; null when there is none or it cannot be read (never throws: a release never waits for it). */
export async function loadBoxClock(deps: PrebookingDependencies, box: BoxRef): Promise<BoxClockEstimate | null> {
  if (!deps.boxClock?.enabled) return null;
  try {
    return await findLatestBoxClock(deps.db, deps.boxClock.hostOf(box));
  } catch (error) {
    deps.logger.warn('box clock estimate unavailable', { box: box.subdomain, error: String(error) });
    return null;
  }
}

/** Probes a measurement may spend (~1 s each: one box-second boundary per probe). */
const SWEEP_PROBE_BUDGET = 16;

/**
 * Stored measurements under way in this process, per host: the pre-flights of every prebooking of
 * one opening run together (and beside the sweep's), and one measurement serves them all rather
 * than a dozen probes each hammering the same box.
 */
const measuring = new Map<string, Promise<BoxClockEstimate | null>>();

/**
 * Measures a box host's clock again, starting from `current` (or the stored estimate) when it is
 * still fresh, and no probe still out at `deadlineMs`. Returns the new estimate without storing it
 * when `store` is false (inside an execution's lead, where nothing writes before the request).
 * A stored measurement of a host already under way in this process is joined, not repeated.
 * Never throws: a failed measurement leaves the old estimate to age out.
 */
export async function refreshBoxClock(
  deps: PrebookingDependencies,
  box: BoxRef,
  options: { current?: BoxClockEstimate | null; deadlineMs?: number; budget?: number; store: boolean },
): Promise<BoxClockEstimate | null> {
  const boxClock = deps.boxClock;
  if (!boxClock?.enabled) return null;
  if (!options.store) return measureAgain(deps, box, options);
  const host = boxClock.hostOf(box);
  const underWay = measuring.get(host);
  if (underWay) return underWay;
  const measurement = measureAgain(deps, box, options).finally(() => measuring.delete(host));
  measuring.set(host, measurement);
  return measurement;
}

async function measureAgain(
  deps: PrebookingDependencies,
  box: BoxRef,
  options: { current?: BoxClockEstimate | null; deadlineMs?: number; budget?: number; store: boolean },
): Promise<BoxClockEstimate | null> {
  const boxClock = deps.boxClock!;
  try {
    const host = boxClock.hostOf(box);
    const current = options.current === undefined ? await findLatestBoxClock(deps.db, host) : options.current;
    const assessment = assessEstimate(current, deps.clock.now(), boxClock.policy);
    const prior = current && assessment.usable ? priorFrom(current, (boxClock.policy.driftMsPerMinute * assessment.ageMs) / 60_000) : null;
    const result = await measureBoxClock({
      host,
      clock: deps.clock,
      probe: boxClock.probeFor(box),
      prior,
      // Eight halvings take a second to ~6 ms, but a probe landing after its boundary narrows only
      // to the midpoint less half its excess round trip, so jittery legs need more: at 12 the
      // budget ran out ~12 ms wide now and then, and the release goes by the interval's low end
      // (up to its width late). The sweep runs minutes ahead; deadlines still cap a pre-flight's.
      budget: options.budget ?? SWEEP_PROBE_BUDGET,
      // Narrower than the 10 ms the issue asks for when the budget allows: the request's own
      // inbound jitter comes on top of the interval at the release.
      targetWidthMs: 6,
      deadlineMs: options.deadlineMs,
    });
    if (!result.ok) {
      deps.logger.info('box clock not measured', { host, reason: result.reason, probes: result.probes, discarded: result.discarded });
      return null;
    }
    if (options.store) await saveBoxClock(deps.db, result.estimate);
    return result.estimate;
  } catch (error) {
    deps.logger.warn('box clock refresh failed', { box: box.subdomain, error: String(error) });
    return null;
  }
}

/**
 * Folds a booking answer into the estimate: "too early" caps the arrival offset, anything else
 * floors it (less the inbound jitter the fastest-request estimate allows for, a quarter of the
 * latency). Returns the narrowed estimate when the answer taught something, null otherwise
 * (including when it contradicts the estimate: the next probe run decides).
 */
export function foldBookingAnswer(
  estimate: BoxClockEstimate | null,
  answer: { sentAtMs: number; openingBoxMs: number; tooEarly: boolean },
  nowMs: number,
): BoxClockEstimate | null {
  if (!estimate) return null;
  const bounds = arrivalBoundsOf(estimate);
  const evidence = boundsFromBookingAnswer(answer);
  const slack = answer.tooEarly ? 0 : estimate.latencyMs / 4;
  const folded = intersectBounds(bounds, { lo: evidence.lo - slack, hi: evidence.hi });
  if (!folded || (folded.lo === bounds.lo && folded.hi === bounds.hi)) return null;
  return estimateFromArrivalBounds(estimate.host, folded, estimate.latencyMs, nowMs, estimate.samples + 1, 'booking');
}

export async function storeBoxClock(deps: PrebookingDependencies, estimate: BoxClockEstimate): Promise<void> {
  try {
    await saveBoxClock(deps.db, estimate);
  } catch (error) {
    deps.logger.warn('box clock estimate not stored', { host: estimate.host, error: String(error) });
  }
}
