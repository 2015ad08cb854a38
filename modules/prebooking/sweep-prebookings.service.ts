import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, failActive, listActiveFiringBefore, markScheduled, replaceMessageId } from './prebooking.repository';
import { prebookingResultText } from './prebooking-messages';
import { publishPrebookingMessage } from './publish-prebooking';

export interface SweepReport {
  armed: number;
  republished: number;
  failed: number;
  examined: number;
}

/** How long past its fire instant a never-delivered prebooking may wait before the sweep steps in. */
const UNDELIVERED_GRACE_MS = 60_000;
/** A row stuck in `pending` (creation died between insert and publish) older than this is handled. */
const STALE_PENDING_MS = 2 * 60_000;

/**
 * The safety net, run by a QStash schedule every few minutes. It arms the messages of the free-tier
 * mode, re-publishes prebookings whose delivery never came or whose execution died (lease
 * expired), and fails with a reason those whose class has started. Nothing stays non-terminal
 * forever.
 */
export async function sweepPrebookings(deps: PrebookingDependencies): Promise<SweepReport> {
  const { clock, config } = deps;
  const nowMs = clock.now();
  const horizon = new Date(nowMs + 2 * config.sweepIntervalMinutes * 60_000);
  const candidates = await listActiveFiringBefore(deps.db, horizon);
  const report: SweepReport = { armed: 0, republished: 0, failed: 0, examined: candidates.length };

  for (const prebooking of candidates) {
    try {
      const action = decide(prebooking, nowMs);
      if (action === 'fail') {
        if (await failActive(deps.db, prebooking.id, 'not_delivered', prebookingResultText('not_delivered', 'en'))) {
          await appendEvent(deps.db, prebooking.id, 'failed', { code: 'not_delivered', by: 'sweep' });
          await deps.onPrebookingEnded(prebooking.id).catch(() => undefined);
          report.failed += 1;
        }
      } else if (action === 'arm') {
        const messageId = await publishPrebookingMessage(deps, prebooking);
        // An overdue message is delivered at once and may claim the row before its id is stored.
        await replaceMessageId(deps.db, prebooking.id, messageId, ['scheduled', 'executing']);
        await appendEvent(deps.db, prebooking.id, 'armed', { messageId });
        report.armed += 1;
      } else if (action === 'republish') {
        // A stale `pending` row becomes claimable before its message goes out; if publishing then
        // fails, it is an undelivered `scheduled` row, which the next sweep re-publishes.
        if (prebooking.status === 'pending' && !(await markScheduled(deps.db, prebooking.id, prebooking.qstashMessageId))) continue;
        const messageId = await publishPrebookingMessage(deps, prebooking, `-s${Math.floor(nowMs / 60_000)}`);
        // QStash delivers an overdue message at once, so the new delivery may already have claimed
        // the row: the message is out either way, and its id is still worth keeping.
        await replaceMessageId(deps.db, prebooking.id, messageId, ['scheduled', 'executing']);
        await appendEvent(deps.db, prebooking.id, 'republished', { messageId, previousStatus: prebooking.status, by: 'sweep' });
        report.republished += 1;
      }
    } catch (error) {
      deps.logger.warn('sweep could not handle a prebooking', { prebookingId: prebooking.id, error: String(error) });
    }
  }
  if (report.armed + report.republished + report.failed > 0) deps.logger.info('sweep finished', { ...report });
  return report;
}

function decide(prebooking: Prebooking, nowMs: number): 'fail' | 'arm' | 'republish' | 'leave' {
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  const classStarted = new Date(prebooking.classStartsAt).getTime() <= nowMs;
  switch (prebooking.status) {
    case 'scheduled':
      if (classStarted) return 'fail';
      if (!prebooking.qstashMessageId) return 'arm';
      // A released claim (transient failure) is QStash's to retry; only a delivery that never came is ours.
      return !prebooking.deliveredAt && fireAtMs + UNDELIVERED_GRACE_MS < nowMs ? 'republish' : 'leave';
    case 'executing': {
      const leaseExpired = prebooking.leaseExpiresAt !== null && new Date(prebooking.leaseExpiresAt).getTime() < nowMs;
      if (!leaseExpired) return 'leave';
      return classStarted ? 'fail' : 'republish';
    }
    case 'pending':
      if (new Date(prebooking.createdAt).getTime() + STALE_PENDING_MS > nowMs) return 'leave';
      return classStarted ? 'fail' : 'republish';
    default:
      return 'leave';
  }
}
