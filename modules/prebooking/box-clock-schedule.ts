import { findBox } from '@/modules/members';
import type { BoxClockEstimate } from '@/modules/aimharder';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { loadBoxClock } from './box-clock.service';
import { planRelease } from './release-plan';

/** Leaves room inside maxWaitMs for QStash's whole-second notBefore and a late session check. */
export const MAX_WAIT_HEADROOM_MS = 2_000;

export type ScheduledTiming = Pick<Prebooking, 'id' | 'fireAt'> & Partial<Pick<Prebooking, 'boxId' | 'availableAt'>>;

/**
 * How much earlier than the fire instant on our clock the booking request will be let go because
 * the box's clock is ahead of ours (0 when it is not, or no estimate is trusted). QStash's
 * `notBefore` is an instant on our clock: a delivery `leadMs` before *our* fire instant would come
 * after the opening on a box clock ahead by more than the lead, so the message is moved earlier by
 * this much. A box clock behind ours moves nothing: a delivery earlier than needed only waits.
 * Capped so that the delivery still falls within the execution's longest wait (`maxWaitMs`).
 */
export function boxClockLeadShiftMs(
  deps: Pick<PrebookingDependencies, 'boxClock' | 'config'>,
  timing: { availableAtMs: number; fireAtMs: number; estimate: BoxClockEstimate | null; nowMs: number; leadMs: number },
): number {
  const boxClock = deps.boxClock;
  if (!boxClock?.enabled || !timing.estimate) return 0;
  const plan = planRelease({ availableAtMs: timing.availableAtMs, fireAtMs: timing.fireAtMs, estimate: timing.estimate, nowMs: timing.nowMs, policy: boxClock.policy, enabled: true });
  if (plan.mode !== 'box_clock') return 0;
  const ahead = Math.max(0, timing.fireAtMs - plan.releaseAtMs);
  return Math.max(0, Math.min(ahead, deps.config.maxWaitMs - MAX_WAIT_HEADROOM_MS - timing.leadMs));
}

/** The stored estimate for the prebooking's box host, turned into the shift of its QStash message. Never throws: 0 then. */
export async function loadLeadShiftMs(deps: PrebookingDependencies, prebooking: ScheduledTiming, leadMs: number): Promise<number> {
  if (!deps.boxClock?.enabled || prebooking.boxId === undefined) return 0;
  try {
    const box = await findBox(deps.db, prebooking.boxId);
    if (!box) return 0;
    const estimate = await loadBoxClock(deps, { boxId: box.boxId, subdomain: box.subdomain });
    const fireAtMs = Date.parse(prebooking.fireAt);
    return boxClockLeadShiftMs(deps, { availableAtMs: Date.parse(prebooking.availableAt ?? prebooking.fireAt), fireAtMs, estimate, nowMs: deps.clock.now(), leadMs });
  } catch (error) {
    deps.logger.warn('box clock shift unavailable: the message goes by our clock', { prebookingId: prebooking.id, error: String(error) });
    return 0;
  }
}
