import { AppError } from '@/core/http/app-error';
import { assessEstimate, DEFAULT_BOX_CLOCK_POLICY, describeEstimate, type BoxClockEstimate } from '@/modules/aimharder';
import type { Member } from '@/modules/members';
import { listBoxClockHistory, type PrebookingDependencies } from '@/modules/prebooking';

export interface BoxClockReading {
  measuredAt: string;
  offsetMs: number;
  uncertaintyMs: number;
  latencyMs: number;
  source: BoxClockEstimate['source'];
  samples: number;
}

export interface BoxClockHostHealth {
  host: string;
  current: BoxClockReading;
  /** 'usable', or why an execution would not release by it now (stale, too_wide…). */
  state: string;
  /** Newest first, the current one included. */
  history: BoxClockReading[];
}

const HISTORY_PER_HOST = 20;

/** Per box host: the current clock estimate, whether executions would use it now, and its recent history. */
export async function getBoxClockHealth(deps: PrebookingDependencies, admin: Member, sinceMs: number): Promise<BoxClockHostHealth[]> {
  if (admin.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can see the box clocks.' });
  const rows = await listBoxClockHistory(deps.db, new Date(sinceMs));
  const byHost = new Map<string, BoxClockEstimate[]>();
  for (const row of rows) byHost.set(row.host, [...(byHost.get(row.host) ?? []), row]);
  const policy = deps.boxClock?.policy ?? DEFAULT_BOX_CLOCK_POLICY;
  return [...byHost].map(([host, estimates]) => {
    const assessment = assessEstimate(estimates[0]!, deps.clock.now(), policy);
    return {
      host,
      current: toReading(estimates[0]!),
      state: assessment.usable ? 'usable' : assessment.reason,
      history: estimates.slice(0, HISTORY_PER_HOST).map(toReading),
    };
  });
}

function toReading(estimate: BoxClockEstimate): BoxClockReading {
  return { measuredAt: new Date(estimate.measuredAtMs).toISOString(), ...describeEstimate(estimate), source: estimate.source, samples: estimate.samples };
}
