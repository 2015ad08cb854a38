import { arrivalBoundsOf, boundsFromBookingAnswer, carryEstimateForward, estimateFromArrivalBounds, intersectBounds, provenDriftRate, retryInstantAfterTooEarly, type ArrivalBounds, type BookingOutcome, type BoxClockEstimate } from '@/modules/aimharder';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { foldBookingAnswer, storeBoxClock } from './box-clock.service';
import type { Prebooking } from './prebooking.schema';
import { COMB_CUTOFF_MS, COMB_MAX_SHIFT_MS, planFromEstimate, type ArrivalRelease, type LeadComb } from './release-by-arrival';
import { boxArrivalOffsetMs, type ReleasePlan } from './release-plan';

/** A retry never follows its too-early answer sooner than this (one answer's worth of breathing room). */
const MIN_RETRY_GAP_MS = 5;

/** Answers that come from past AimHarder's opening check: the request arrived after the opening. */
const PAST_THE_OPENING: ReadonlySet<BookingOutcome['kind']> = new Set(['booked', 'waitlisted', 'full', 'already_booked_same_hour']);

/**
 * The box clock during one execution's requests: what each answer teaches (folded into the
 * bounds), when to retry a too-early answer, and, once answered, the estimate to store.
 */
export class ArrivalState {
  plan: ReleasePlan;
  private bounds: ArrivalBounds | null;
  private estimate: BoxClockEstimate | null;
  private refreshed: boolean;
  private comb: Promise<LeadComb> | null;
  private readonly prebooking: Prebooking | null;
  private readonly evidence: Array<{ sentAtMs: number; tooEarly: boolean }> = [];
  private contradicted = false;

  constructor(
    private readonly deps: PrebookingDependencies,
    release: ArrivalRelease,
    private readonly availableAtMs: number,
  ) {
    this.plan = release.plan;
    this.bounds = release.plan.bounds;
    this.estimate = release.estimate;
    this.refreshed = release.refreshed;
    this.comb = release.comb ?? null;
    this.prebooking = release.prebooking ?? null;
  }

  /**
   * Before the release: takes the lead's comb if it is in by COMB_CUTOFF_MS before the planned
   * release (never later: a release never waits for a probe), re-planning from it unless it moves the
   * release by more than COMB_MAX_SHIFT_MS. Returns what the timeline shows of it, or null (no comb,
   * not in time, no estimate). Answers never come before this, so the comb is the only evidence yet.
   */
  async settle(): Promise<Record<string, unknown> | null> {
    const comb = this.comb;
    this.comb = null;
    if (!comb || !this.prebooking) return null;
    const before = this.plan;
    const cutoffMs = before.releaseAtMs - COMB_CUTOFF_MS;
    const outcome = await Promise.race([comb, this.deps.clock.sleepUntil(cutoffMs).then(() => 'late' as const)]);
    if (outcome === 'late') return { taken: false, reason: 'late' };
    if (!outcome.estimate) return { taken: false, reason: outcome.reason, answered: outcome.answered };
    // Both hold unless the box clock moved beyond the stored interval (drift): then the comb alone.
    // Its teeth, out together, are often slower than the sweep's fastest probe, so its own lower
    // bound is the more cautious one; where the two overlap, the overlap is the estimate.
    const stored = before.bounds;
    // A drift the stored measurement and the comb prove goes on between the comb and the release
    // (~1–2 s): carried forward at the slowest proven rate (bench:precision's drift round released
    // by the comb alone: its p50 sat ~5 ms above the other rounds').
    const driftRate = this.estimate ? provenDriftRate(this.estimate, outcome.estimate) : 0;
    const overlap = stored && driftRate === 0 ? intersectBounds(stored, arrivalBoundsOf(outcome.estimate)) : null;
    const measured = overlap ? estimateFromArrivalBounds(outcome.estimate.host, overlap, outcome.estimate.latencyMs, outcome.estimate.measuredAtMs, outcome.estimate.samples, 'probe') : outcome.estimate;
    const fresh = carryEstimateForward(measured, driftRate, before.releaseAtMs);
    const next = planFromEstimate(this.deps, this.prebooking, fresh);
    const shiftMs = Math.round((next.releaseAtMs - before.releaseAtMs) * 10) / 10;
    const combBounds = arrivalBoundsOf(outcome.estimate);
    const described = {
      offsetMs: round1((fresh.offsetLoMs + fresh.offsetHiMs) / 2),
      uncertaintyMs: round1((fresh.offsetHiMs - fresh.offsetLoMs) / 2),
      latencyMs: round1(fresh.latencyMs),
      releaseShiftMs: shiftMs,
      // The arrival-offset intervals behind the choice, for an admin reading why a release moved.
      combArrivalMs: [round1(combBounds.lo), round1(combBounds.hi)],
      storedArrivalMs: stored ? [round1(stored.lo), round1(stored.hi)] : null,
      combStages: outcome.shape?.stages ?? 1,
      ...(driftRate !== 0 ? { provenDriftMsPerS: Math.round(driftRate * 1e5) / 100, carriedForwardMs: round1(fresh.offsetLoMs - measured.offsetLoMs) } : {}),
      ...(outcome.shape?.fineReason ? { fineCombReason: outcome.shape.fineReason } : {}),
    };
    if (next.mode !== 'box_clock' || Math.abs(shiftMs) > COMB_MAX_SHIFT_MS) return { taken: false, reason: next.mode !== 'box_clock' ? next.reason : 'shift_too_large', ...described };
    this.plan = next;
    this.bounds = next.bounds;
    this.estimate = fresh;
    this.refreshed = true;
    return { taken: true, ...described, overlapsStored: overlap !== null, releaseAt: new Date(next.releaseAtMs).toISOString() };
  }

  /** Folds an answer in; returns what the timeline shows of it (the arrival on the box clock, when known). */
  observe(answer: { firedAtMs: number; outcome: BookingOutcome }): Record<string, unknown> {
    const boxOffset = boxArrivalOffsetMs(this.bounds, answer.firedAtMs, this.availableAtMs);
    const tooEarly = answer.outcome.kind === 'too_early';
    if (tooEarly || PAST_THE_OPENING.has(answer.outcome.kind)) {
      this.evidence.push({ sentAtMs: answer.firedAtMs, tooEarly });
      if (this.bounds) {
        const folded = intersectBounds(this.bounds, boundsFromBookingAnswer({ sentAtMs: answer.firedAtMs, openingBoxMs: this.availableAtMs, tooEarly }));
        if (!folded) this.contradicted = true;
        this.bounds = folded;
      }
    }
    return boxOffset === null ? {} : { boxOffsetMs: boxOffset };
  }

  /**
   * An instant of ours as the box clock had it when the request arrived (send + arrival offset),
   * comparable with the opening; unchanged when the release did not go by the box clock.
   */
  onBoxClock(sentAtMs: number): number {
    const bounds = this.plan.bounds;
    if (this.plan.mode !== 'box_clock' || !bounds) return sentAtMs;
    return sentAtMs + (bounds.lo + bounds.hi) / 2;
  }

  /**
   * When to retry after a too-early answer: so that it arrives just after the opening by what the
   * bounds still allow; with no bounds (none known, or the answers contradicted them), the flat period.
   */
  retryAtMs(answeredAtMs: number, flatIntervalMs: number): number {
    const margin = this.deps.boxClock?.policy.marginMs ?? 0;
    if (!this.bounds) return answeredAtMs + flatIntervalMs;
    return retryInstantAfterTooEarly(this.availableAtMs, this.bounds, answeredAtMs, { minGapMs: MIN_RETRY_GAP_MS, maxGapMs: this.deps.config.tooEarlyRetryWindowMs, marginMs: margin });
  }

  /** After the answers: stores what was learnt (a lead refresh, narrowed by the answers). Never throws. */
  async persist(): Promise<void> {
    if (!this.estimate) return;
    if (this.contradicted) {
      // The box answered against the estimate (its clock was stepped since): store it widened by a
      // second each way, which no release trusts, until the next measurement.
      await storeBoxClock(this.deps, { ...this.estimate, offsetLoMs: this.estimate.offsetLoMs - 1_000, offsetHiMs: this.estimate.offsetHiMs + 1_000, measuredAtMs: this.deps.clock.now(), source: 'booking' });
      return;
    }
    let estimate = this.estimate;
    let learnt = this.refreshed;
    for (const entry of this.evidence) {
      const folded = foldBookingAnswer(estimate, { ...entry, openingBoxMs: this.availableAtMs }, this.deps.clock.now());
      if (folded) {
        estimate = folded;
        learnt = true;
      }
    }
    if (learnt) await storeBoxClock(this.deps, estimate);
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
