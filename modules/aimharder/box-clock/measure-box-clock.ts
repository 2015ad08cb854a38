import type { Clock } from '@/core/time/clock';
import { boundsFromDateProbe, boundsWidth, intersectBounds, UNBOUNDED, widenBounds, type ArrivalBounds, type DateProbe } from './arrival-bounds';
import { parseDateHeader } from './date-header';
import { arrivalBoundsOf, estimateFromArrivalBounds, type BoxClockEstimate } from './box-clock-estimate';
import { planNextProbe, planProbeAt } from './plan-next-probe';

/** One cheap request to the host; resolves with its `Date` header (or null), rejects on a network failure. */
export type DateProbeRequest = () => Promise<string | null>;

export interface MeasureOptions {
  host: string;
  clock: Clock;
  probe: DateProbeRequest;
  /** Narrowing stops once the interval is this narrow (ms). */
  targetWidthMs?: number;
  /** At most this many requests. */
  budget?: number;
  /** No probe is let go that could still be out at this instant (our clock): a release never waits for a probe. */
  deadlineMs?: number;
  /** A probe whose round trip exceeds this is not used (queued behind something, or a proxy). */
  maxRttMs?: number;
  /** A previous estimate to start from, already widened for its age; dropped if the new probes contradict it. */
  prior?: { estimate: BoxClockEstimate; bounds: ArrivalBounds } | null;
}

export type MeasureResult =
  | { ok: true; estimate: BoxClockEstimate; probes: number; discarded: number }
  | { ok: false; reason: 'no_usable_probe' | 'inconsistent'; probes: number; discarded: number };

/**
 * How far outside a prior's edges its checking probes aim (ms): more than the half excess round
 * trip a probe's lower bound allows for, so that a probe landing beyond the edge contradicts it.
 */
const EDGE_CHECK_MS = 15;

interface TimedProbe extends DateProbe {
  rttMs: number;
}

/**
 * Bisects the host's arrival offset with `Date` probes, each timed to land on a box-second
 * boundary if the offset were the interval's midpoint. Garbage dates, failures and slow probes are
 * discarded (they cost budget, never a wrong bound); probes that contradict each other by more
 * than the jitter tolerance (a proxy rewriting `Date`, a clock stepped mid-run) end the measurement
 * without an estimate.
 */
export async function measureBoxClock(options: MeasureOptions): Promise<MeasureResult> {
  const { clock, probe } = options;
  const targetWidthMs = options.targetWidthMs ?? 10;
  const budget = options.budget ?? 12;
  const deadlineMs = options.deadlineMs ?? Infinity;
  const maxRttMs = options.maxRttMs ?? 1500;
  const probes: TimedProbe[] = [];
  let discarded = 0;
  let prior = options.prior?.bounds ?? null;
  // A prior is checked from both sides before it is trusted: a probe aimed just below its lower
  // edge and one just above its upper edge. Bisecting inside it alone could never notice that the
  // box clock was stepped (every answer would agree with the half it tests).
  const edgeChecks = prior ? [prior.lo - EDGE_CHECK_MS, prior.hi + EDGE_CHECK_MS] : [];
  let used = 0;

  const boundsNow = (): ArrivalBounds | null => combine(probes, prior);

  while (used < budget) {
    let current = boundsNow();
    if (current === null && prior !== null) {
      // The prior does not fit what the host says now (its clock was stepped): measure afresh.
      prior = null;
      current = boundsNow();
    }
    if (current === null) return { ok: false, reason: 'inconsistent', probes: used, discarded };
    const checking = prior !== null && edgeChecks.length > 0;
    if (!checking && probes.length > 0 && boundsWidth(current) <= targetWidthMs) break;
    const sendAt = checking ? planProbeAt(edgeChecks[0]!, clock.now()) : planNextProbe(current, clock.now());
    // The probe must be back (at worst after maxRttMs) before the deadline.
    if (sendAt + Math.min(maxRttMs, expectedRtt(probes) * 3) > deadlineMs) break;
    await clock.sleepUntil(sendAt);
    used += 1;
    const sentAtMs = clock.now();
    let header: string | null;
    try {
      header = await probe();
    } catch {
      discarded += 1;
      continue;
    }
    const receivedAtMs = clock.now();
    const dateMs = parseDateHeader(header);
    const rttMs = receivedAtMs - sentAtMs;
    if (dateMs === null || rttMs > maxRttMs) {
      discarded += 1;
      continue;
    }
    if (checking) edgeChecks.shift();
    probes.push({ sentAtMs, receivedAtMs, dateMs, rttMs });
  }

  const final = boundsNow();
  if (probes.length === 0) return { ok: false, reason: 'no_usable_probe', probes: used, discarded };
  if (final === null) return { ok: false, reason: 'inconsistent', probes: used, discarded };
  const minRtt = Math.min(...probes.map((entry) => entry.rttMs));
  const latencyMs = minRtt / 2;
  const estimate = estimateFromArrivalBounds(options.host, final, latencyMs, clock.now(), probes.length, 'probe');
  return { ok: true, estimate, probes: used, discarded };
}

/**
 * Two probes may cross by this much (ms) without contradicting each other: each request's own
 * inbound leg jitters, so near the end of a bisection one probe's lower bound can pass another's
 * upper bound. The crossing then *is* the interval. A proxy rewriting `Date` crosses by seconds.
 */
export const JITTER_TOLERANCE_MS = 15;

/**
 * Every probe's bounds, computed against the fastest round trip among them (or `fastestRttMs`, one
 * seen before, if faster: probes all slowed together must not pass for fast ones), intersected; then
 * with the prior, if any, strictly (a prior is only kept while every probe agrees with it).
 */
export function combine(probes: readonly DateProbe[], prior: ArrivalBounds | null, fastestRttMs?: number): ArrivalBounds | null {
  const measured = combineProbes(probes, fastestRttMs);
  if (!measured || !prior) return measured;
  return intersectBounds(prior, measured);
}

function combineProbes(probes: readonly DateProbe[], fastestRttMs = Infinity): ArrivalBounds | null {
  const minRtt = probes.length ? Math.min(fastestRttMs, ...probes.map((entry) => entry.receivedAtMs - entry.sentAtMs)) : 0;
  let bounds: ArrivalBounds = UNBOUNDED;
  for (const entry of probes) {
    const own = boundsFromDateProbe(entry, minRtt);
    const next = intersectBounds(bounds, own);
    if (next) {
      bounds = next;
      continue;
    }
    const lo = Math.max(bounds.lo, own.lo);
    const hi = Math.min(bounds.hi, own.hi);
    if (lo - hi > JITTER_TOLERANCE_MS) return null;
    bounds = { lo: hi, hi: lo };
  }
  return bounds;
}

function expectedRtt(probes: readonly TimedProbe[]): number {
  return probes.length ? Math.max(...probes.map((entry) => entry.rttMs)) : 200;
}

/** The estimate's interval to start a refresh from: widened by the drift allowance for its age. */
export function priorFrom(estimate: BoxClockEstimate, driftAllowanceMs: number): { estimate: BoxClockEstimate; bounds: ArrivalBounds } {
  return { estimate, bounds: widenBounds(arrivalBoundsOf(estimate), driftAllowanceMs) };
}
