import { listActiveFiringBefore, publishPreflightMessage, wantsPreflight } from '@/modules/prebooking';
import type { PreflightDependencies } from './preflight-dependencies';
import { listPreflights } from './preflight.repository';

/**
 * The pre-flight's safety net, run with the prebooking sweep: every waiting prebooking whose
 * check falls within the next two sweep intervals and has not been checked for its current fire
 * instant gets its message (again). The deduplication id makes a message already out harmless;
 * in `armed` mode this is how far-off checks are published at all.
 */
export async function sweepPreflights(deps: PreflightDependencies): Promise<{ published: number; examined: number }> {
  if (deps.config.preflightLeadMs === 0) return { published: 0, examined: 0 };
  const nowMs = deps.clock.now();
  const horizon = new Date(nowMs + deps.config.preflightLeadMs + 2 * deps.config.sweepIntervalMinutes * 60_000);
  const waiting = (await listActiveFiringBefore(deps.db, horizon)).filter((prebooking) => prebooking.status === 'scheduled' && wantsPreflight(deps, prebooking.fireAt, nowMs));
  const checked = new Map((await listPreflights(deps.db, waiting.map((prebooking) => prebooking.id))).map((preflight) => [preflight.prebookingId, preflight.fireAt]));
  let published = 0;
  for (const prebooking of waiting) {
    if (checked.get(prebooking.id) === prebooking.fireAt) continue;
    try {
      if (await publishPreflightMessage(deps, prebooking)) published += 1;
    } catch (error) {
      deps.logger.warn('sweep could not publish a pre-flight', { prebookingId: prebooking.id, error: String(error) });
    }
  }
  return { published, examined: waiting.length };
}
