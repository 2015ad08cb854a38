import { boundsWidth, widenBounds, type ArrivalBounds } from './arrival-bounds';

/**
 * What we know about one AimHarder host's clock. `offsetLoMs`/`offsetHiMs` bound the box clock
 * minus ours; `latencyMs` is the one-way trip of the fastest requests seen (half the fastest round
 * trip). Their sum bounds the arrival offset θ of the fastest requests, which is what a release
 * uses; the split between clock and network only matters to the people reading it.
 */
export interface BoxClockEstimate {
  host: string;
  offsetLoMs: number;
  offsetHiMs: number;
  latencyMs: number;
  /** Our clock when the estimate was last narrowed by a measurement. */
  measuredAtMs: number;
  /** Requests that went into it (probes and booking answers). */
  samples: number;
  source: 'probe' | 'booking';
}

export interface BoxClockPolicy {
  /** Older than this, an estimate is not trusted (the box clock may have been stepped). */
  maxAgeMs: number;
  /** Wider than this (after ageing), an estimate is not trusted. */
  maxWidthMs: number;
  /** How fast uncertainty grows with age: a server clock drifting 100 ppm moves 6 ms a minute. */
  driftMsPerMinute: number;
  /** Added to the release instant on top of the estimate's uncertainty. */
  marginMs: number;
}

export const DEFAULT_BOX_CLOCK_POLICY: BoxClockPolicy = {
  maxAgeMs: 30 * 60_000,
  maxWidthMs: 40,
  driftMsPerMinute: 0.5,
  marginMs: 2,
};

export function arrivalBoundsOf(estimate: BoxClockEstimate): ArrivalBounds {
  return { lo: estimate.offsetLoMs + estimate.latencyMs, hi: estimate.offsetHiMs + estimate.latencyMs };
}

export function estimateFromArrivalBounds(
  host: string,
  bounds: ArrivalBounds,
  latencyMs: number,
  measuredAtMs: number,
  samples: number,
  source: BoxClockEstimate['source'],
): BoxClockEstimate {
  return { host, offsetLoMs: bounds.lo - latencyMs, offsetHiMs: bounds.hi - latencyMs, latencyMs, measuredAtMs, samples, source };
}

/** The estimate as people read it: offset ± uncertainty. */
export function describeEstimate(estimate: BoxClockEstimate): { offsetMs: number; uncertaintyMs: number; latencyMs: number } {
  return {
    offsetMs: round1((estimate.offsetLoMs + estimate.offsetHiMs) / 2),
    uncertaintyMs: round1((estimate.offsetHiMs - estimate.offsetLoMs) / 2),
    latencyMs: round1(estimate.latencyMs),
  };
}

export type EstimateAssessment =
  | { usable: true; bounds: ArrivalBounds; ageMs: number; uncertaintyMs: number }
  | { usable: false; reason: 'missing' | 'stale' | 'too_wide' | 'invalid'; ageMs: number | null; uncertaintyMs: number | null };

/** Whether an estimate may steer a release now, with its interval widened for the drift since it was measured. */
export function assessEstimate(estimate: BoxClockEstimate | null, nowMs: number, policy: BoxClockPolicy = DEFAULT_BOX_CLOCK_POLICY): EstimateAssessment {
  if (!estimate) return { usable: false, reason: 'missing', ageMs: null, uncertaintyMs: null };
  const values = [estimate.offsetLoMs, estimate.offsetHiMs, estimate.latencyMs, estimate.measuredAtMs];
  if (!values.every(Number.isFinite) || estimate.offsetLoMs > estimate.offsetHiMs || estimate.latencyMs < 0) {
    return { usable: false, reason: 'invalid', ageMs: null, uncertaintyMs: null };
  }
  const ageMs = Math.max(0, nowMs - estimate.measuredAtMs);
  const bounds = widenBounds(arrivalBoundsOf(estimate), (policy.driftMsPerMinute * ageMs) / 60_000);
  const uncertaintyMs = round1(boundsWidth(bounds) / 2);
  if (ageMs > policy.maxAgeMs) return { usable: false, reason: 'stale', ageMs, uncertaintyMs };
  if (boundsWidth(bounds) > policy.maxWidthMs) return { usable: false, reason: 'too_wide', ageMs, uncertaintyMs };
  return { usable: true, bounds, ageMs, uncertaintyMs };
}

/**
 * Our-clock instant at which to let a booking request go so that it arrives just after the box
 * clock shows `openingBoxMs`: opening − offset − latency + uncertainty + margin, i.e. the opening
 * minus the *lowest* arrival offset the estimate allows, plus the margin. Even the fastest request
 * then arrives at least `marginMs` after the opening, if the estimate holds.
 */
export function releaseInstant(openingBoxMs: number, bounds: ArrivalBounds, marginMs: number): number {
  return openingBoxMs - bounds.lo + marginMs;
}

/**
 * After a "too early" answer to a request let go at `sentAtMs`: the opening reaches the box at
 * our instant opening − θ, and θ < opening − sent is now known. Retry so the request arrives just
 * after the opening by the remaining interval's upper end (less wrong than a flat period), but never
 * sooner than `minGapMs` after the answer and never later than `maxGapMs` after it.
 */
export function retryInstantAfterTooEarly(
  openingBoxMs: number,
  bounds: ArrivalBounds | null,
  answeredAtMs: number,
  options: { minGapMs: number; maxGapMs: number; marginMs: number },
): number {
  const earliest = answeredAtMs + options.minGapMs;
  const latest = answeredAtMs + options.maxGapMs;
  if (!bounds || !Number.isFinite(bounds.lo)) return latest;
  return Math.min(latest, Math.max(earliest, openingBoxMs - bounds.lo + options.marginMs));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
