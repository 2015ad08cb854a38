import type { BoxClockEstimate, BoxRef } from '@/modules/aimharder';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { refreshBoxClock } from './box-clock.service';
import { planRelease, type ReleasePlan } from './release-plan';

/** Probes in an execution's lead are back this long before the held request leaves. */
const LEAD_PROBE_CLEARANCE_MS = 100;
/** Probes an execution may spend in its lead: one or two, the connection is warm then. */
const LEAD_PROBE_BUDGET = 2;

export interface ArrivalRelease {
  plan: ReleasePlan;
  /** The estimate the plan rests on, and whether it is newer than the stored one (to store after the request). */
  estimate: BoxClockEstimate | null;
  refreshed: boolean;
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

/**
 * Once more during the lead: if there is time before the held request must leave, a probe or two
 * from the stored estimate (narrowing it, catching drift). Nothing is stored here — nothing writes
 * between the claim and the booking request — and no probe can still be out when the request leaves.
 */
export async function refreshDuringLead(
  deps: PrebookingDependencies,
  box: BoxRef,
  prebooking: Prebooking,
  stored: BoxClockEstimate | null,
): Promise<ArrivalRelease> {
  const first = planFromEstimate(deps, prebooking, stored);
  // Only a trusted estimate is refreshed here: two probes cannot measure a clock from scratch.
  if (!deps.boxClock?.enabled || first.mode !== 'box_clock') return { plan: first, estimate: stored, refreshed: false };
  const deadlineMs = first.releaseAtMs - deps.config.fireHoldMs - LEAD_PROBE_CLEARANCE_MS;
  if (deadlineMs - deps.clock.now() < 50) return { plan: first, estimate: stored, refreshed: false };
  const fresh = await refreshBoxClock(deps, box, { current: stored, deadlineMs, budget: LEAD_PROBE_BUDGET, store: false });
  if (!fresh) return { plan: first, estimate: stored, refreshed: false };
  return { plan: planFromEstimate(deps, prebooking, fresh), estimate: fresh, refreshed: true };
}
