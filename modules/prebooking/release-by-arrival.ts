import { combBoxClock, combInTwoStages, planComb, planTwoStageComb, type BoxClockEstimate, type BoxRef, type CombShape } from '@/modules/aimharder';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { planRelease, type ReleasePlan } from './release-plan';

/** What a lead's comb gave: an estimate, or why not (for the timeline). */
export type LeadComb = { estimate: BoxClockEstimate; shape?: { stages: number; fineReason?: string } } | { estimate: null; reason: string; answered: number };

export interface ArrivalRelease {
  plan: ReleasePlan;
  /** The estimate the plan rests on, and whether it is newer than the stored one (to store after the request). */
  estimate: BoxClockEstimate | null;
  refreshed: boolean;
  /** A comb in the lead under way (its estimate, or null), to refine the plan if it is in before the release. */
  comb?: Promise<LeadComb> | null;
  /** What the plan was made for (to re-plan from the comb's estimate). */
  prebooking?: Prebooking;
}

export function planFromEstimate(deps: PrebookingDependencies, prebooking: Prebooking, estimate: BoxClockEstimate | null): ReleasePlan {
  return planRelease({
    availableAtMs: Date.parse(prebooking.availableAt),
    fireAtMs: Date.parse(prebooking.fireAt),
    estimate,
    nowMs: deps.clock.now(),
    policy: deps.boxClock?.policy ?? { maxAgeMs: 0, maxWidthMs: 0, driftMsPerMinute: 0, marginMs: 0 },
    enabled: deps.boxClock?.enabled ?? false,
  });
}

/** The comb's teeth and their spacing (ms): ±50 ms around the stored estimate at ~5 ms resolution. */
const COMB_TEETH = 21;
const COMB_SPACING_MS = 5;
/**
 * When the lead has two box-second boundaries before the release: ±84 ms around the stored
 * estimate at ~12 ms, then ±12 ms around what that found at ~3 ms (24 probes, against 21). The fine
 * comb is short on purpose: at 15 teeth 2.5 ms apart, the burst itself slowed its answers by ~20 ms,
 * and the lower bound sags by half of that (bench:precision's drift round: p99 16–23 ms, against 10–13).
 */
const COARSE_COMB: CombShape = { teeth: 15, spacingMs: 12 };
const FINE_COMB: CombShape = { teeth: 9, spacingMs: 3 };
/** Time allowed for each tooth's answer (its teeth overlap on several connections); a later one times out and is left out. */
const COMB_ANSWER_ALLOWANCE_MS = 250;
/** A comb must be in this long before the release it refines: time to re-plan and still release on time. */
export const COMB_CUTOFF_MS = 80;
/**
 * A comb is planned to be over this long before the release: its ~20 connections and answers stay
 * clear of the held requests' release (on a busy machine they delayed it), at the cost of ~0.5 s more
 * drift (0.5 ms at 1 ms/s).
 */
const COMB_CLEARANCE_MS = 500;
/** A comb that moves the release further than this is not believed (a tooth's answer gone wrong): the too-early retry stays the net. */
export const COMB_MAX_SHIFT_MS = 150;
/** One comb a host serves every execution of the same opening in this process (same lead). */
const COMB_SHARED_MS = 5_000;

interface SharedComb {
  result: Promise<LeadComb>;
  /** Our clock: when its answers are expected in. */
  doneByMs: number;
}

/** Combs under way or just done, per host, in this process. */
const combs = new Map<string, SharedComb>();

/**
 * During the lead, once per host in this process: a comb of `Date` probes across one box-second
 * boundary just before the opening (see combBoxClock), joined by every execution of that host whose
 * release comes after it, so a box clock that drifted since the last measurement is caught with one
 * boundary wait rather than ~20 probes per execution. Only a trusted estimate is refined (the comb
 * needs a rough θ). Returns null when no comb can be in before this release; never throws and never
 * waits: the fire loop races the result against the release (ArrivalState.settle).
 */
export function combDuringLead(deps: PrebookingDependencies, box: BoxRef, plan: ReleasePlan, stored: BoxClockEstimate | null): Promise<LeadComb> | null {
  const boxClock = deps.boxClock;
  if (!boxClock?.enabled || plan.mode !== 'box_clock' || !plan.bounds) return null;
  const host = boxClock.hostOf(box);
  const nowMs = deps.clock.now();
  const cutoffMs = plan.releaseAtMs - COMB_CUTOFF_MS;
  const shared = combs.get(host);
  if (shared && shared.doneByMs <= cutoffMs && nowMs - shared.doneByMs < COMB_SHARED_MS) return shared.result;
  const clearMs = plan.releaseAtMs - COMB_CLEARANCE_MS;
  const options = { host, clock: deps.clock, probe: boxClock.probeFor(box, COMB_ANSWER_ALLOWANCE_MS), around: plan.bounds, deadlineMs: clearMs, fastestRttMs: stored ? 2 * stored.latencyMs : undefined, samples: stored?.samples ?? 0 };
  const coarsePlan = planTwoStageComb({ around: plan.bounds, nowMs, deadlineMs: clearMs, coarse: COARSE_COMB, fine: FINE_COMB, answerAllowanceMs: COMB_ANSWER_ALLOWANCE_MS });
  const comb = coarsePlan ? null : planComb({ around: plan.bounds, nowMs, deadlineMs: clearMs, teeth: COMB_TEETH, spacingMs: COMB_SPACING_MS, answerAllowanceMs: COMB_ANSWER_ALLOWANCE_MS });
  if (!coarsePlan && !comb) return shared && shared.doneByMs <= cutoffMs ? shared.result : null;
  const cast = coarsePlan
    ? combInTwoStages({ ...options, coarse: COARSE_COMB, fine: FINE_COMB, coarsePlan })
    : combBoxClock({ ...options, teeth: COMB_TEETH, spacingMs: COMB_SPACING_MS, plan: comb! }).then((outcome) => ({ ...outcome, stages: 1 as const }));
  const result = cast
    .then((outcome): LeadComb => {
      if (outcome.ok) return { estimate: outcome.estimate, shape: { stages: outcome.stages, fineReason: 'fineReason' in outcome ? outcome.fineReason : undefined } };
      deps.logger.info('box clock comb gave no estimate', { host, reason: outcome.reason, teeth: outcome.teeth, answered: outcome.answered });
      return { estimate: null, reason: outcome.reason, answered: outcome.answered };
    })
    .catch((error: unknown): LeadComb => {
      deps.logger.warn('box clock comb failed', { host, error: String(error) });
      return { estimate: null, reason: 'failed', answered: 0 };
    });
  // Two stages: the fine comb's answers are in by the deadline at the latest.
  combs.set(host, { result, doneByMs: comb ? comb.sendAtMs.at(-1)! + COMB_ANSWER_ALLOWANCE_MS : clearMs });
  return result;
}

/**
 * The release as planned from the stored estimate, and a comb in the lead to refine it (see
 * combDuringLead). Nothing is stored here — nothing writes between the claim and the booking
 * request — and no probe is waited for: the comb's estimate is taken only if it is in before the release.
 */
export function releaseDuringLead(deps: PrebookingDependencies, box: BoxRef, prebooking: Prebooking, stored: BoxClockEstimate | null): ArrivalRelease {
  const plan = planFromEstimate(deps, prebooking, stored);
  return { plan, estimate: stored, refreshed: false, comb: combDuringLead(deps, box, plan, stored), prebooking };
}
