import { findBox } from '@/modules/members';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, listActiveFiringBefore, markScheduled, replaceMessageId } from './prebooking.repository';
import { settleIdlePrebooking, type IdleSettlement } from './prebooking-guards.repository';
import { prebookingResultText } from './prebooking-messages';
import { publishPrebookingMessage } from './publish-prebooking';

export interface SweepReport {
  armed: number;
  republished: number;
  failed: number;
  /** Fired before their execution died, class started: ended by what AimHarder holds. */
  reconciled: number;
  examined: number;
}

/** How long past its fire instant a never-delivered prebooking may wait before the sweep steps in. */
const UNDELIVERED_GRACE_MS = 60_000;
/** A row stuck in `pending` (creation died between insert and publish) older than this is handled. */
const STALE_PENDING_MS = 2 * 60_000;
/** A fired prebooking that AimHarder cannot be asked about this long after its class started ends "unknown". */
const RECONCILE_GIVE_UP_MS = 60 * 60_000;

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
  const report: SweepReport = { armed: 0, republished: 0, failed: 0, reconciled: 0, examined: candidates.length };

  for (const prebooking of candidates) {
    try {
      const action = decide(prebooking, nowMs);
      if (action === 'fail') {
        // Guarded in the update itself: a delivery that claimed it since we listed it keeps it.
        const settlement = { status: 'failed', resultCode: 'not_delivered', resultMessage: prebookingResultText('not_delivered', 'en') } as const;
        if (await settleIdlePrebooking(deps.db, prebooking.id, settlement)) {
          await appendEvent(deps.db, prebooking.id, 'failed', { code: 'not_delivered', by: 'sweep' });
          await deps.onPrebookingEnded(prebooking.id).catch(() => undefined);
          report.failed += 1;
        }
      } else if (action === 'reconcile') {
        const settlement = await reconcileWithAimHarder(deps, prebooking, nowMs);
        if (settlement && (await settleIdlePrebooking(deps.db, prebooking.id, settlement))) {
          await appendEvent(deps.db, prebooking.id, settlement.status, { code: settlement.resultCode, reservationId: settlement.reservationId ?? null, by: 'sweep', reconciled: true });
          await deps.onPrebookingEnded(prebooking.id).catch(() => undefined);
          report.reconciled += 1;
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
  if (report.armed + report.republished + report.failed + report.reconciled > 0) deps.logger.info('sweep finished', { ...report });
  return report;
}

/**
 * A prebooking whose booking request went out (or may have: the fire was committed) before its
 * execution died, and whose class has started: what AimHarder holds decides how it ended. Null
 * (leave it for the next sweep) while AimHarder cannot be asked, for up to an hour.
 */
async function reconcileWithAimHarder(deps: PrebookingDependencies, prebooking: Prebooking, nowMs: number): Promise<IdleSettlement | null> {
  try {
    const box = await findBox(deps.db, prebooking.boxId);
    if (!box) throw new Error(`box ${prebooking.boxId} is unknown`);
    const aimharder = await deps.aimharderFor(prebooking.memberId);
    const classes = await aimharder.listClasses({ boxId: box.boxId, subdomain: box.subdomain }, prebooking.classDay);
    const slot = classes.find((candidate) => candidate.id === prebooking.classId);
    if (slot && slot.memberState !== 'none') {
      const code = slot.memberState === 'waitlisted' ? 'waitlisted' : 'booked';
      return { status: 'completed', resultCode: code, resultMessage: prebookingResultText(code, 'en'), reservationId: slot.reservationId ?? 'unknown' };
    }
    return { status: 'failed', resultCode: 'fired_not_held', resultMessage: prebookingResultText('fired_not_held', 'en') };
  } catch (error) {
    deps.logger.warn('sweep could not reconcile a fired prebooking with AimHarder', { prebookingId: prebooking.id, error: String(error) });
    if (new Date(prebooking.classStartsAt).getTime() + RECONCILE_GIVE_UP_MS > nowMs) return null;
    return { status: 'failed', resultCode: 'outcome_unknown', resultMessage: prebookingResultText('outcome_unknown', 'en') };
  }
}

function decide(prebooking: Prebooking, nowMs: number): 'fail' | 'reconcile' | 'arm' | 'republish' | 'leave' {
  const fireAtMs = new Date(prebooking.fireAt).getTime();
  const classStarted = new Date(prebooking.classStartsAt).getTime() <= nowMs;
  // The booking request went out, or may have (fire committed, then the execution died).
  const mayHaveFired = prebooking.firedAt !== null || (prebooking.status === 'executing' && prebooking.fireCommittedAt !== null);
  switch (prebooking.status) {
    case 'scheduled':
      if (classStarted) return mayHaveFired ? 'reconcile' : 'fail';
      if (!prebooking.qstashMessageId) return 'arm';
      // A released claim (transient failure) is QStash's to retry; only a delivery that never came is ours.
      return !prebooking.deliveredAt && fireAtMs + UNDELIVERED_GRACE_MS < nowMs ? 'republish' : 'leave';
    case 'executing': {
      const leaseExpired = prebooking.leaseExpiresAt !== null && new Date(prebooking.leaseExpiresAt).getTime() < nowMs;
      if (!leaseExpired) return 'leave';
      if (!classStarted) return 'republish';
      return mayHaveFired ? 'reconcile' : 'fail';
    }
    case 'pending':
      if (new Date(prebooking.createdAt).getTime() + STALE_PENDING_MS > nowMs) return 'leave';
      return classStarted ? 'fail' : 'republish';
    default:
      return 'leave';
  }
}
