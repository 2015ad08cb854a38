import { arrivalBoundsOf, type BoxClockEstimate } from './box-clock-estimate';

/** Closer together than this (ms), two measurements' difference is their noise, not a drift. */
const MIN_DRIFT_SPAN_MS = 5_000;

/**
 * How fast the box clock drifts from ours (ms of arrival offset per ms of our clock), as far as
 * two measurements *prove* it: the rate closest to zero that both intervals allow. Zero when they
 * overlap (no drift proven), when they are too close in time, or when either is not a number.
 *
 * Why the slowest rate: the release goes by the estimate's lower bound, so that no request arrives
 * before the opening. Carried forward at the slowest proven rate, that bound still holds if the
 * box clock drifts at least that fast; a step of the box clock mistaken for drift moves it by no
 * more than the step times (lead ÷ span), a fraction of a millisecond at production spans (minutes).
 */
export function provenDriftRate(earlier: BoxClockEstimate, later: BoxClockEstimate): number {
  const spanMs = later.measuredAtMs - earlier.measuredAtMs;
  if (!Number.isFinite(spanMs) || spanMs < MIN_DRIFT_SPAN_MS) return 0;
  const before = arrivalBoundsOf(earlier);
  const after = arrivalBoundsOf(later);
  if (![before.lo, before.hi, after.lo, after.hi].every(Number.isFinite)) return 0;
  if (after.lo > before.hi) return (after.lo - before.hi) / spanMs;
  if (after.hi < before.lo) return (after.hi - before.lo) / spanMs;
  return 0;
}

/** The estimate as the box clock will have moved by `atMs` at `rate`: both bounds shift, its width and time stay. */
export function carryEstimateForward(estimate: BoxClockEstimate, rate: number, atMs: number): BoxClockEstimate {
  const shiftMs = rate * Math.max(0, atMs - estimate.measuredAtMs);
  if (shiftMs === 0 || !Number.isFinite(shiftMs)) return estimate;
  return { ...estimate, offsetLoMs: estimate.offsetLoMs + shiftMs, offsetHiMs: estimate.offsetHiMs + shiftMs };
}
