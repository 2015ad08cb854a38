import { findBox } from '@/modules/members';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { findLatestBoxClock } from './box-clock.repository';
import { refreshBoxClock } from './box-clock.service';
import { listActiveFiringBefore } from './prebooking.repository';
import { rearmByBoxClock } from './rearm-by-box-clock.service';

export interface BoxClockRefreshReport {
  hosts: number;
  measured: number;
  /** Messages moved earlier because their box's clock is ahead of ours. */
  rearmed: number;
}

/**
 * Ahead of each opening that has prebookings (the sweep's window): measures the clock of every box
 * host such a prebooking fires against, and stores it, so the execution starts with one. Always,
 * even when the stored estimate is recent: the refresh checks it from both sides (a box clock
 * stepped since is caught) and then narrows it with few probes. Run after the sweep has answered
 * (up to ~16 s a host, hosts in parallel); never throws. Then every waiting prebooking whose box
 * clock is ahead by more than the tolerance has its message moved earlier (see rearmByBoxClock).
 */
export async function refreshUpcomingBoxClocks(deps: PrebookingDependencies, horizonMs?: number): Promise<BoxClockRefreshReport> {
  const report: BoxClockRefreshReport = { hosts: 0, measured: 0, rearmed: 0 };
  const boxClock = deps.boxClock;
  if (!boxClock?.enabled) return report;
  try {
    const horizon = new Date(deps.clock.now() + (horizonMs ?? 2 * deps.config.sweepIntervalMinutes * 60_000));
    const upcoming = await listActiveFiringBefore(deps.db, horizon);
    const boxIds = [...new Set(upcoming.filter((prebooking) => Date.parse(prebooking.fireAt) > deps.clock.now()).map((prebooking) => prebooking.boxId))];
    const boxes = (await Promise.all(boxIds.map((boxId) => findBox(deps.db, boxId)))).filter((box) => box !== null);
    const byHost = new Map(boxes.map((box) => [boxClock.hostOf({ boxId: box.boxId, subdomain: box.subdomain }), { boxId: box.boxId, subdomain: box.subdomain }]));
    report.hosts = byHost.size;
    await Promise.all(
      [...byHost].map(async ([host, box]) => {
        const current = await findLatestBoxClock(deps.db, host);
        if (await refreshBoxClock(deps, box, { current, store: true })) report.measured += 1;
      }),
    );
    // Listed again: prebookings created while the hosts were being measured (seconds, up to ~16 s a
    // host) were armed without this estimate, and the next sweep may come after their opening.
    const waiting = report.measured > 0 ? await listActiveFiringBefore(deps.db, horizon) : upcoming;
    for (const prebooking of waiting) {
      if (prebooking.status === 'scheduled' && Date.parse(prebooking.fireAt) > deps.clock.now() && (await rearmByBoxClock(deps, prebooking, 'sweep')).rearmed) report.rearmed += 1;
    }
  } catch (error) {
    deps.logger.warn('box clock refresh of upcoming openings failed', { error: String(error) });
  }
  if (report.hosts > 0) deps.logger.info('box clocks refreshed', { ...report });
  return report;
}
