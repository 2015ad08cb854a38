import { assessEstimate, releaseInstant, type ArrivalBounds, type BoxClockEstimate, type BoxClockPolicy } from '@/modules/aimharder';

/**
 * When the booking request is let go. With a trusted estimate of the box's clock: so that it
 * *arrives* just after the opening on the box clock (release by arrival). Without one: at the fire
 * instant on our own clock, as before, with the too-early retry as the safety net.
 */
export interface ReleasePlan {
  mode: 'box_clock' | 'own_clock';
  /** Our clock. */
  releaseAtMs: number;
  /** Why the box clock is not used (own_clock only). */
  reason: 'missing' | 'stale' | 'too_wide' | 'invalid' | 'disabled' | null;
  /**
   * The best bounds known on the arrival offset, even from an estimate too old or wide to release
   * by: they still say when to retry after a too-early answer better than a flat period does.
   */
  bounds: ArrivalBounds | null;
  /** For the timeline: the estimate used (offset ± uncertainty, latency, age) and the decision. */
  detail: Record<string, unknown>;
}

export function planRelease(input: {
  availableAtMs: number;
  fireAtMs: number;
  estimate: BoxClockEstimate | null;
  nowMs: number;
  policy: BoxClockPolicy;
  enabled: boolean;
}): ReleasePlan {
  const { availableAtMs, fireAtMs, estimate, nowMs, policy } = input;
  if (!input.enabled) {
    return { mode: 'own_clock', releaseAtMs: fireAtMs, reason: 'disabled', bounds: null, detail: { mode: 'own_clock', reason: 'disabled' } };
  }
  const assessment = assessEstimate(estimate, nowMs, policy);
  const described = estimate && assessment.ageMs !== null ? describe(estimate, assessment.ageMs, assessment.uncertaintyMs) : {};
  if (!assessment.usable) {
    const bounds = assessment.reason === 'stale' || assessment.reason === 'too_wide' ? widened(estimate!, assessment.ageMs ?? 0, policy) : null;
    return { mode: 'own_clock', releaseAtMs: fireAtMs, reason: assessment.reason, bounds, detail: { mode: 'own_clock', reason: assessment.reason, ...described } };
  }
  // Prebookings of one class are spaced a few ms apart on purpose (fire − available): keep that.
  const releaseAtMs = releaseInstant(availableAtMs, assessment.bounds, policy.marginMs) + (fireAtMs - availableAtMs);
  return {
    mode: 'box_clock',
    releaseAtMs,
    reason: null,
    bounds: assessment.bounds,
    detail: { mode: 'box_clock', ...described, marginMs: policy.marginMs, releaseAt: new Date(releaseAtMs).toISOString(), releaseVsFireMs: round1(releaseAtMs - fireAtMs) },
  };
}

/** Where a request let go at `sentAtMs` landed on the box clock relative to the opening, by the estimate's midpoint. */
export function boxArrivalOffsetMs(bounds: ArrivalBounds | null, sentAtMs: number, availableAtMs: number): number | null {
  if (!bounds || !Number.isFinite(bounds.lo) || !Number.isFinite(bounds.hi)) return null;
  return round1(sentAtMs + (bounds.lo + bounds.hi) / 2 - availableAtMs);
}

function describe(estimate: BoxClockEstimate, ageMs: number, uncertaintyMs: number | null) {
  return {
    host: estimate.host,
    offsetMs: round1((estimate.offsetLoMs + estimate.offsetHiMs) / 2),
    uncertaintyMs,
    latencyMs: round1(estimate.latencyMs),
    ageMs: Math.round(ageMs),
    source: estimate.source,
  };
}

function widened(estimate: BoxClockEstimate, ageMs: number, policy: BoxClockPolicy): ArrivalBounds {
  const allowance = (policy.driftMsPerMinute * ageMs) / 60_000;
  return { lo: estimate.offsetLoMs + estimate.latencyMs - allowance, hi: estimate.offsetHiMs + estimate.latencyMs + allowance };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
