import { arrivalBoundsOf, estimateFromArrivalBounds } from './box-clock-estimate';
import { intersectBounds, type ArrivalBounds } from './arrival-bounds';
import { combBoxClock, planComb, type CombOptions, type CombPlan, type CombResult } from './comb-box-clock';

/** Teeth and spacing (ms) of one comb. */
export interface CombShape {
  teeth: number;
  spacingMs: number;
}

/**
 * A wide, coarse comb first (it finds θ even far from the stored estimate, to ~its spacing), then a
 * fine one at the next box-second boundary centred on what the first found (it pins θ to ~its own
 * spacing). One comb centred on a stored estimate that the box clock has drifted from crosses its
 * boundary near its edge, if at all, where one slow tooth sets the lower bound: releases by it were
 * ~10–40 ms late. The second stage costs one more boundary wait, so it is cast only when two fit
 * before the deadline (see planTwoStageComb).
 */
export interface TwoStageCombOptions extends Omit<CombOptions, 'teeth' | 'spacingMs' | 'plan'> {
  coarse: CombShape;
  fine: CombShape;
  /** From planTwoStageComb: the coarse stage, answered a boundary before the deadline. */
  coarsePlan: CombPlan;
}

/** `stages`: how many combs the estimate rests on; `fineReason`: why the fine one added nothing. */
export type TwoStageCombResult = CombResult & { stages: 1 | 2; fineReason?: string };

/**
 * The coarse stage's teeth when both stages fit before `deadlineMs`: the coarse comb answered by a
 * second before it, so that the fine comb has the next boundary. Null when only one comb fits.
 */
export function planTwoStageComb(input: { around: ArrivalBounds; nowMs: number; deadlineMs: number; coarse: CombShape; fine: CombShape; answerAllowanceMs: number }): CombPlan | null {
  const { around, nowMs, deadlineMs, coarse, fine, answerAllowanceMs } = input;
  const coarsePlan = planComb({ around, nowMs, deadlineMs: deadlineMs - 1_000, teeth: coarse.teeth, spacingMs: coarse.spacingMs, answerAllowanceMs });
  if (!coarsePlan) return null;
  // The fine comb is centred anywhere within the coarse one's span, a second on: at worst (θ at the
  // coarse span's low end) its middle tooth leaves as late as the coarse one's last tooth did.
  const fineHalfSpanMs = ((fine.teeth - 1) / 2) * fine.spacingMs;
  const fineLastToothLatestMs = coarsePlan.sendAtMs.at(-1)! + 1_000 + fineHalfSpanMs;
  return fineLastToothLatestMs + answerAllowanceMs <= deadlineMs ? coarsePlan : null;
}

/**
 * Casts the coarse comb, then the fine one around its answer. The fine comb's bounds are
 * intersected with the coarse one's (both fresh, a second apart); a fine comb that gives nothing
 * (no crossing, no time, answers contradicting) leaves the coarse result. Never throws.
 */
export async function combInTwoStages(options: TwoStageCombOptions): Promise<TwoStageCombResult> {
  const { coarse, fine, coarsePlan, ...shared } = options;
  const first = await combBoxClock({ ...shared, teeth: coarse.teeth, spacingMs: coarse.spacingMs, plan: coarsePlan });
  if (!first.ok) return { ...first, stages: 1 };
  const firstBounds = arrivalBoundsOf(first.estimate);
  // Centred just under the coarse upper bound, which no slow tooth moves (θ lies within about one
  // coarse spacing of it); the lower bound sags by half of a crossing tooth's excess round trip.
  const around = { lo: Math.max(firstBounds.lo, firstBounds.hi - coarse.spacingMs), hi: firstBounds.hi };
  const second = await combBoxClock({ ...shared, around, teeth: fine.teeth, spacingMs: fine.spacingMs, samples: first.estimate.samples });
  if (!second.ok) return { ...first, stages: 1, fineReason: second.reason };
  const secondBounds = arrivalBoundsOf(second.estimate);
  const both = intersectBounds(firstBounds, secondBounds) ?? secondBounds;
  const latencyMs = Math.min(first.estimate.latencyMs, second.estimate.latencyMs);
  return {
    ...second,
    estimate: estimateFromArrivalBounds(options.host, both, latencyMs, second.estimate.measuredAtMs, second.estimate.samples, 'probe'),
    teeth: first.teeth + second.teeth,
    answered: first.answered + second.answered,
    stages: 2,
  };
}
