import { AppError } from '@/core/http/app-error';
import {
  AimHarderLoginError,
  computeOpeningInstant,
  describeBookingOutcome,
  ruleFromWindowHint,
  type AimHarderClient,
  type BookingOutcome,
  type BoxRef,
} from '@/modules/aimharder';
import { findBox, saveLearnedBookingWindow, type MemberAccess } from '@/modules/members';
import type { Prebooking, ReplacedBooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import {
  appendEvent,
  appendEvents,
  claimPrebooking,
  commitFire,
  findPrebooking,
  finishExecution,
  recordFire,
  recordSwap,
  releaseClaim,
  reschedule,
  replaceMessageId,
  type Outcome,
  type PendingEvent,
} from './prebooking.repository';
import { crashIfInjected } from './crash-fault';
import { alternativeOutcome, bookOpenAlternatives, recordBookedChoice, wantsNextChoice } from './book-next-choices';
import { findHeldAmongChoices, handOverToLaterChoice, leadChoiceOf } from './later-choice';
import type { Choice } from './book-next-choices';
import { prebookingResultText } from './prebooking-messages';
import { publishPrebookingMessage } from './publish-prebooking';
import { ArrivalState } from './box-clock-fire';
import { loadBoxClock } from './box-clock.service';
import { planFromEstimate, releaseDuringLead } from './release-by-arrival';
import { releaseGate } from './release-gate';
import { cancelReplacedAtInstant, heldState, rebookReplaced } from './replace-held-booking';
import { describeSwap } from './swap-note';

export interface ExecuteDelivery {
  prebookingId: string;
  messageId: string | null;
  retried: number;
}

/**
 * What the webhook answers QStash: `done` (200: finished, or nothing to do), `retry` (5xx: a
 * transient failure, QStash should deliver again).
 */
export type ExecuteResult =
  | { kind: 'done'; status: string; detail: string }
  | { kind: 'retry'; detail: string };

/** A failure worth another QStash delivery: AimHarder or the network, not the member's request. */
class TransientFailure extends Error {
  constructor(readonly code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * Executes a prebooking for one QStash delivery:
 * claim atomically → make sure the AimHarder session works and the connection is warm →
 * (after a crash, reconcile with AimHarder first) → close the cancel window → wait on the
 * monotonic clock for the fire instant → book, retrying a too-early answer (clock skew) every
 * ~50 ms → record the outcome. Transient failures release the claim and ask QStash to retry.
 */
export async function executePrebooking(deps: PrebookingDependencies, delivery: ExecuteDelivery): Promise<ExecuteResult> {
  const { db, clock, config } = deps;
  const deliveredAtMs = clock.now();
  const log = (message: string, data: Record<string, unknown> = {}) =>
    deps.logger.info(message, { prebookingId: delivery.prebookingId, messageId: delivery.messageId, ...data });

  // A crowded instant is delivered up to crowdLeadMaxMs earlier than usual: those claims commit too.
  const claim = await claimPrebooking(deps.directDb, delivery.prebookingId, new Date(deliveredAtMs), config.leaseMs, config.fireCommitMs + config.crowdLeadMaxMs);
  if (!claim) {
    const current = await findPrebooking(db, delivery.prebookingId);
    const status = current?.status ?? 'unknown';
    log('delivery ignored', { status, retried: delivery.retried });
    if (current) await appendEvent(db, current.id, 'delivery_ignored', { messageId: delivery.messageId, status, retried: delivery.retried });
    return { kind: 'done', status, detail: current ? `prebooking is ${status}: nothing to do` : 'unknown prebooking: nothing to do' };
  }

  const prebooking = claim.prebooking;
  const leaseToken = prebooking.leaseToken!;
  const fireAtMs = ms(prebooking.fireAt);
  // A delivery that arrives when the fire instant is (almost) here takes the short road: no
  // session check before the booking request (book() signs in again should the session be gone).
  // Like every delivery's, its events are written right after the request, with their instants.
  const late = fireAtMs - deliveredAtMs <= LATE_DELIVERY_MS;
  const timeline = new PendingTimeline(deps, prebooking.id);
  timeline.add('delivered', {
    messageId: delivery.messageId,
    retried: delivery.retried,
    attempt: prebooking.attemptCount,
    msBeforeFire: Math.round(fireAtMs - deliveredAtMs),
    reclaimedAfterExpiredLease: claim.previousStatus === 'executing',
  });
  log('delivery claimed', { attempt: prebooking.attemptCount, msBeforeFire: Math.round(fireAtMs - deliveredAtMs) });

  const finish = async (outcome: Outcome): Promise<ExecuteResult> => {
    timeline.add(outcome.status, { code: outcome.resultCode, message: outcome.resultMessage, reservationId: outcome.reservationId ?? null });
    const stored = await timeline.recordWith(async (events) => {
      const finished = await finishExecution(deps.directDb, prebooking.id, leaseToken, outcome, events);
      // Superseded meanwhile (cancelled, or reclaimed after the lease expired): keep its timeline all the same.
      if (!finished) await appendEvents(db, prebooking.id, events);
      return finished;
    });
    log(`prebooking ${outcome.status}`, { code: outcome.resultCode });
    if (stored) await notifyEnded(deps, prebooking.id);
    return { kind: 'done', status: stored ? outcome.status : 'superseded', detail: outcome.resultMessage };
  };

  // Issue 13: the replaced booking once cancelled at the instant, until the outcome says what became of it.
  let swapOpen: { replaced: ReplacedBooking; aimharder: AimHarderClient; box: BoxRef } | null = null;
  // True while a request went out after the first choice's fire and that fire is not recorded yet
  // (issue 17: it is recorded behind the next choice's request). A failure then leaves the lease
  // to expire rather than releasing it: the next delivery, reclaiming an expired lease, reconciles
  // with AimHarder before booking anything, as after a crash.
  let fireUnrecorded = false;
  try {
    if (ms(prebooking.classStartsAt) <= clock.now()) {
      return await finish({ status: 'failed', resultCode: 'class_started', resultMessage: prebookingResultText('class_started', 'en') });
    }

    // Delivered far too early (e.g. a redelivery of an old message): do not hold the function
    // open past maxDuration; publish a fresh message for the right time instead.
    if (fireAtMs - clock.now() > config.maxWaitMs) {
      await timeline.flush();
      return await rearm(deps, prebooking, leaseToken);
    }

    // The claim brought the box and the member's sealed credentials along and, inside the commit
    // window, already closed the cancel window: a late delivery goes straight to AimHarder.
    // Should anything below fail transiently, releaseClaim reopens the cancel window.
    const reconciling = claim.previousStatus === 'executing' || prebooking.firedAt !== null;
    const box = claim.box;
    if (!box) throw new AppError({ code: 'not_found', message: `Box ${prebooking.boxId} is unknown.` });
    const boxRef: BoxRef = { boxId: box.boxId, subdomain: box.subdomain };
    // Issue 16: the box clock estimate is read while the session is checked (never throws).
    const storedClock = loadBoxClock(deps, boxRef);
    // Late and holding a stored session: no whoami round trip first. Should the session have
    // expired, book() signs in again and retries, and a refused password still ends `login_failed`.
    const skipSessionCheck = late && Boolean(claim.access?.credentials?.sessionCiphertext);
    const aimharder = await openAimHarder(deps, prebooking.memberId, claim.access, { checkSession: !skipSessionCheck });
    // A held booking request opens its own connection, if none is warm, well before the instant.
    if (!late && config.fireHoldMs === 0) await aimharder.warmUp(boxRef).catch(() => undefined);
    timeline.add('session_ready', { msBeforeFire: Math.round(fireAtMs - clock.now()) });

    // After a crash or an ambiguous answer a booking may already exist: look before booking again.
    if (reconciling) {
      const held = prebooking.alternatives.length > 0 ? await findHeldAmongChoices(deps, aimharder, boxRef, prebooking, leaseToken) : await findHeldReservation(aimharder, boxRef, prebooking);
      timeline.add('reconciled', { held: held !== null, reservationId: held?.reservationId ?? null, ...(held && 'choice' in held ? { choice: held.choice } : {}) });
      // Held after a crash mid-swap: the replaced booking gave way, unless AimHarder still lists it.
      if (held && prebooking.replacesBooking && (await heldState(aimharder, boxRef, prebooking.replacesBooking).catch(() => 'none' as const)) === 'none') {
        await recordSwap(db, prebooking.id, leaseToken, { ...prebooking.replacesBooking, swap: 'cancelled' });
      }
      if (held) {
        return await finish({
          status: 'completed',
          resultCode: held.state === 'waitlisted' ? 'waitlisted' : 'booked',
          resultMessage: prebookingResultText(held.state === 'waitlisted' ? 'waitlisted' : 'booked', 'en'),
          reservationId: held.reservationId ?? 'unknown',
        });
      }
    }

    // Issue 17: the choice this delivery fires (a later alternative once handed over); its own opening is the target.
    const lead = leadChoiceOf(prebooking);
    const leadView: Prebooking = lead.position > 1 ? { ...prebooking, availableAt: lead.availableAt } : prebooking;
    // Issue 16: a box clock ahead of ours moves the release earlier, and the cancel window closes before it.
    const firstPlan = planFromEstimate(deps, leadView, await storedClock);
    if (prebooking.fireCommittedAt === null && !(await commitAtFireWindow(deps, prebooking.id, leaseToken, Math.min(fireAtMs, firstPlan.releaseAtMs)))) {
      log('fire aborted: cancelled before the fire instant');
      timeline.add('fire_aborted', { reason: 'cancelled' });
      await timeline.flush();
      return { kind: 'done', status: 'cancelled', detail: 'cancelled before the fire instant' };
    }

    // Issue 16: release by arrival; a comb of probes in the lead, shared by the host's executions, may refine it before the release.
    const release = releaseDuringLead(deps, boxRef, leadView, await storedClock);
    timeline.add('clock_estimate', { ...release.plan.detail, combInLead: release.comb != null });
    // Issue 13: a booking held at the same hour gives way at the release instant (replace-held-booking.ts).
    if (prebooking.replacesBooking) {
      const step = await cancelReplacedAtInstant(deps, aimharder, boxRef, prebooking.replacesBooking, release.plan.releaseAtMs);
      timeline.add('replaced_booking_cancel', { reservationId: prebooking.replacesBooking.reservationId, result: step.kind, ...(step.kind === 'kept' ? { reason: step.reason } : {}) });
      if (step.kind === 'kept') {
        const kept: ReplacedBooking = { ...prebooking.replacesBooking, swap: 'kept' };
        await recordSwap(db, prebooking.id, leaseToken, kept);
        return await finish({ status: 'failed', resultCode: 'replace_kept', resultMessage: describeSwap(kept, 'en')! });
      }
      if (step.kind === 'gone') await recordSwap(db, prebooking.id, leaseToken, { ...prebooking.replacesBooking, swap: 'gone' });
      else swapOpen = { replaced: prebooking.replacesBooking, aimharder, box: boxRef };
    }
    const arrival = new ArrivalState(deps, release, ms(lead.availableAt));
    // Issue 17: a full answer with alternatives left goes on down the list before anything is written.
    const answered = await fireUntilAnswered(deps, aimharder, boxRef, prebooking, leaseToken, timeline, lead, arrival, (answer) => wantsNextChoice(answer, prebooking));
    const { outcome, respondedAtMs, firedAtMs, recordFired } = answered;
    // ── Second choices (issue 17): a full first choice goes on down the list at once. ──
    const goesDownTheList = wantsNextChoice(outcome, prebooking);
    if (recordFired) fireUnrecorded = true;
    const booked = goesDownTheList
      ? await bookOpenAlternatives(
          aimharder,
          boxRef,
          prebooking,
          lead.position,
          () => clock.now(),
          (attempt) =>
            timeline.add('fired', {
              choice: attempt.choice.position,
              classId: attempt.choice.classId,
              offsetMs: Number((attempt.firedAtMs - ms(attempt.choice.availableAt)).toFixed(3)),
              firedAt: new Date(attempt.firedAtMs).toISOString(),
              durationMs: Math.round(attempt.respondedAtMs - attempt.firedAtMs),
              answer: attempt.outcome,
            }),
          recordFired,
        )
      : null;
    fireUnrecorded = false;
    // Issue 16: what the answers taught about the box clock, stored once the alternatives' requests are out.
    await arrival.persist();
    if (lead.position > 1 && outcome.kind === 'booked') {
      await recordBookedChoice(db, prebooking.id, leaseToken, lead, firedAtMs);
      return await finish(alternativeOutcome({ choice: lead, outcome, firedAtMs, respondedAtMs }));
    }
    if (goesDownTheList) {
      if (booked && booked.outcome.kind === 'booked') {
        await recordBookedChoice(db, prebooking.id, leaseToken, booked.choice, booked.firedAtMs);
        return await finish(alternativeOutcome({ ...booked, outcome: booked.outcome }));
      }
      const later = await handOverToLaterChoice(deps, prebooking, leaseToken, timeline);
      if (later) return later;
    }
    // ────────────────────────────────────────────────────────────────────────────────────
    if (swapOpen) {
      const swapped = await settleSwap(deps, aimharder, boxRef, prebooking, answered, leaseToken, swapOpen.replaced);
      swapOpen = null;
      return await finish(swapped);
    }
    return await finish(await settleOutcome(deps, aimharder, boxRef, prebooking, answered, leaseToken));
  } catch (error) {
    if (swapOpen) {
      // The old booking is already cancelled: ask for it back, end here and say what happened.
      const { replaced, aimharder, box } = swapOpen;
      const swapped = await rebookReplaced(aimharder, box, replaced).catch((): ReplacedBooking => ({ ...replaced, swap: 'lost' }));
      await recordSwap(db, prebooking.id, leaseToken, swapped).catch(() => undefined);
      deps.logger.warn('prebooking failed after its replaced booking was cancelled', { prebookingId: prebooking.id, swap: swapped.swap, error: String(error) });
      const code = error instanceof FinalFailure || error instanceof TransientFailure ? error.code : 'internal_error';
      return await finish({ status: 'failed', resultCode: code, resultMessage: `${error instanceof Error ? error.message : String(error)} ${describeSwap(swapped, 'en')}` });
    }
    if (error instanceof RescheduledSignal) {
      await timeline.flush().catch(() => undefined);
      return { kind: 'done', status: 'scheduled', detail: error.message };
    }
    if (error instanceof FinalFailure) {
      return await finish({ status: 'failed', resultCode: error.code, resultMessage: error.message });
    }
    const transient =
      error instanceof TransientFailure
        ? error
        : new TransientFailure('internal_error', 'Prebooker hit an unexpected error; it will try again.', { cause: error });
    deps.logger.warn('prebooking attempt failed, QStash will retry', {
      prebookingId: prebooking.id,
      messageId: delivery.messageId,
      code: transient.code,
      error: String(transient.cause ?? transient.message),
    });
    if (fireUnrecorded) {
      timeline.add('left_for_reconciliation', { code: transient.code, message: transient.message });
      await timeline.flush().catch(() => undefined);
      return { kind: 'retry', detail: transient.message };
    }
    await releaseClaim(db, prebooking.id, leaseToken, { code: transient.code, message: transient.message }).catch(() => undefined);
    timeline.add('retry_requested', { code: transient.code, message: transient.message });
    await timeline.flush().catch(() => undefined);
    return { kind: 'retry', detail: transient.message };
  }
}

/** Closer to the fire instant than this, a delivery skips everything that can wait until after the booking request. */
const LATE_DELIVERY_MS = 50;

/**
 * Timeline events held in memory until right after the booking request (or the end of the attempt),
 * so the database does nothing for an execution between its claim and its booking request: with
 * hundreds sharing one instant on one machine, every write before the instant delays the others.
 */
class PendingTimeline {
  private events: PendingEvent[] = [];

  constructor(
    private readonly deps: PrebookingDependencies,
    private readonly prebookingId: string,
  ) {}

  add(type: string, detail: Record<string, unknown>): void {
    this.events.push({ type, detail, occurredAt: new Date(this.deps.clock.now()) });
  }

  /**
   * Hands the events held so far to a write that records them along with something else. Should
   * that write fail, they are held again, for the failure path's own flush.
   */
  async recordWith<T>(write: (events: PendingEvent[]) => Promise<T>): Promise<T> {
    const events = this.events;
    this.events = [];
    try {
      return await write(events);
    } catch (error) {
      this.events = [...events, ...this.events];
      throw error;
    }
  }

  flush(): Promise<void> {
    return this.recordWith((events) => appendEvents(this.deps.db, this.prebookingId, events));
  }
}

/** Waits until the commit window opens, then closes the cancel window; false when cancelled meanwhile. */
async function commitAtFireWindow(deps: PrebookingDependencies, prebookingId: string, leaseToken: string, fireAtMs: number): Promise<boolean> {
  await deps.clock.sleepUntil(fireAtMs - deps.config.fireCommitMs);
  return commitFire(deps.db, prebookingId, leaseToken, new Date(deps.clock.now()));
}

async function notifyEnded(deps: PrebookingDependencies, prebookingId: string): Promise<void> {
  try {
    await deps.onPrebookingEnded(prebookingId);
  } catch (error) {
    deps.logger.warn('outcome notification could not be queued', { prebookingId, error: String(error) });
  }
}

/** Not a transient problem: the prebooking ends `failed` with this member-readable reason. */
class FinalFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

class RescheduledSignal extends Error {}

async function openAimHarder(
  deps: PrebookingDependencies,
  memberId: string,
  preloaded: MemberAccess | null,
  options: { checkSession: boolean },
): Promise<AimHarderClient> {
  let aimharder: AimHarderClient;
  try {
    aimharder = await deps.aimharderFor(memberId, preloaded ?? undefined);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unprocessable') {
      throw new FinalFailure('credentials_missing', prebookingResultText('credentials_missing', 'en'));
    }
    throw new TransientFailure('database_unavailable', 'Could not load your AimHarder session.', { cause: error });
  }
  if (options.checkSession) await checkSession(aimharder);
  return aimharder;
}

/** Makes sure AimHarder accepts the member (signing in again if needed); a refused password is final. */
async function checkSession(aimharder: AimHarderClient): Promise<void> {
  try {
    await aimharder.ensureSession();
  } catch (error) {
    if (error instanceof AimHarderLoginError && error.reason === 'wrong_credentials') {
      throw new FinalFailure('login_failed', prebookingResultText('login_failed', 'en'));
    }
    throw new TransientFailure('aimharder_login_unavailable', 'AimHarder sign-in did not work just now.', { cause: error });
  }
}

async function findHeldReservation(
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
): Promise<{ reservationId: string | null; state: 'booked' | 'waitlisted' } | null> {
  let classes;
  try {
    classes = await aimharder.listClasses(box, prebooking.classDay);
  } catch (error) {
    throw new TransientFailure('aimharder_unavailable', 'Could not check your bookings with AimHarder.', { cause: error });
  }
  const slot = classes.find((candidate) => candidate.id === prebooking.classId);
  if (!slot || slot.memberState === 'none') return null;
  return { reservationId: slot.reservationId, state: slot.memberState };
}

/**
 * Sends /api/book at the fire instant: the first request leaves `fireHoldMs` early with its last
 * byte held back and released at the instant (AimHarder acts on a request only once it is
 * complete), so that the instant costs one small write however many prebookings share it. A
 * too-early answer (our clock ahead of AimHarder's) and a transport error are retried every `tooEarlyRetryIntervalMs` until the retry window after the
 * fire instant closes: resending is safe because AimHarder refuses a second booking of the same
 * hour, which we then reconcile.
 */
async function fireUntilAnswered(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  leaseToken: string,
  timeline: PendingTimeline,
  target: Pick<Choice, 'classId' | 'classDay' | 'availableAt' | 'position'>,
  arrival: ArrivalState,
  deferRecord: (outcome: BookingOutcome) => boolean,
): Promise<FireAnswer> {
  const { db, clock, config } = deps;
  const availableAtMs = ms(target.availableAt);
  // Issue 16: the release instant (by the box clock when an estimate is trusted, else the fire instant).
  const fireAtMs = arrival.plan.releaseAtMs;
  // The retry window runs from our own fire instant at the earliest: a release moved earlier by a wrong estimate still gets today's window.
  const windowEndsMs = Math.max(clock.now(), fireAtMs, ms(prebooking.fireAt)) + config.tooEarlyRetryWindowMs;
  let nextAtMs = fireAtMs;
  let attempt = 0;
  let firstFiredAtMs = 0;
  for (;;) {
    attempt += 1;
    let firedAtMs: number | null = null;
    let release: Promise<void> | undefined;
    // Issue 16: the lead's comb, if in before the release, re-plans it; the held request waits for the plan it settles on.
    const settled = async () => {
      const refined = await arrival.settle();
      if (refined) timeline.add('clock_refined', refined);
      return arrival.plan.releaseAtMs;
    };
    if (attempt === 1 && config.fireHoldMs > 0 && fireAtMs - clock.now() > 0) {
      await clock.sleepUntil(fireAtMs - config.fireHoldMs);
      release = settled()
        .then((releaseAtMs) => releaseGate(clock, releaseAtMs))
        .then(() => {
          firedAtMs = clock.now();
        });
    } else {
      if (attempt === 1) nextAtMs = await settled();
      await clock.sleepUntil(nextAtMs);
      firedAtMs = clock.now();
    }
    const sentAtMs = clock.now();
    const outcome = await aimharder.book(box, target.classDay, target.classId, { waitlist: false, holdLastByteUntil: release });
    const respondedAtMs = clock.now();
    // Answered before the release (the held request failed): it never reached AimHarder whole.
    firedAtMs ??= respondedAtMs;
    // No-op unless the reliability suite asks for a real process death here (see crash-fault.ts).
    if (outcome.kind === 'booked') crashIfInjected('after-booked');
    if (attempt === 1) firstFiredAtMs = firedAtMs;
    timeline.add('fired', {
      attempt,
      offsetMs: Number((firedAtMs - availableAtMs).toFixed(3)),
      firedAt: new Date(firedAtMs).toISOString(),
      // How long the request waited on the wire for its last byte (0: sent whole).
      heldMs: release ? Math.round(firedAtMs - sentAtMs) : 0,
      ...(target.position > 1 ? { choice: target.position, classId: target.classId } : {}),
      durationMs: Math.round(respondedAtMs - firedAtMs),
      answer: outcome,
      ...arrival.observe({ firedAtMs, outcome }),
    });
    const retryable = outcome.kind === 'too_early' || outcome.kind === 'transport_error';
    if (!retryable || respondedAtMs + config.tooEarlyRetryIntervalMs > windowEndsMs) {
      // Recorded after the last answer so that no database write sits between the clock and a request.
      const recordFired = () =>
        timeline.recordWith(async (events) => {
          if (!(await recordFire(deps.directDb, prebooking.id, leaseToken, new Date(firstFiredAtMs), events))) {
            await appendEvents(db, prebooking.id, events);
          }
        });
      // A prebooking that fired before (an admin retry, a redelivery after a failure) or a resent
      // request: the place, if any, did not come from the first request at the opening.
      // Issue 16: released by the box clock, the member is told when it arrived there, not when our clock let it go.
      const answer = { outcome, respondedAtMs, firedAtMs: arrival.onBoxClock(firedAtMs), onRetry: attempt > 1 || prebooking.firedAt !== null };
      // Going on down the list: the next request leaves first, the record follows it (bookOpenAlternatives).
      if (deferRecord(outcome)) return { ...answer, recordFired };
      await recordFired();
      return answer;
    }
    nextAtMs = outcome.kind === 'too_early' ? arrival.retryAtMs(respondedAtMs, config.tooEarlyRetryIntervalMs) : Math.max(firedAtMs + config.tooEarlyRetryIntervalMs, fireAtMs);
  }
}

/** The last answer of the fire loop, and when the request that drew it was sent. */
interface FireAnswer {
  outcome: BookingOutcome;
  respondedAtMs: number;
  firedAtMs: number;
  onRetry: boolean;
  /** Set when the last answer sends the execution on down the list: the fire is not recorded yet, and this records it. */
  recordFired?: () => Promise<void>;
}

/**
 * The end of a swap (issue 13): the new class's outcome as usual, except that nothing is left for
 * a QStash retry or a reschedule (the old booking is already cancelled); if the new class was not
 * got, the old one is booked again. The result message says both.
 */
async function settleSwap(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  answered: FireAnswer,
  leaseToken: string,
  replaced: ReplacedBooking,
): Promise<Outcome> {
  const respondedAt = new Date(answered.respondedAtMs);
  let outcome: Outcome;
  const kind = answered.outcome.kind;
  if (kind === 'too_early') {
    outcome = { status: 'failed', resultCode: 'too_early_window_elapsed', resultMessage: prebookingResultText('too_early_window_elapsed', 'en'), respondedAt };
  } else if (kind === 'transport_error' || kind === 'session_expired') {
    // The request may have booked all the same: AimHarder's list decides.
    const held = await findHeldReservation(aimharder, box, prebooking).catch(() => null);
    outcome = held
      ? { status: 'completed', resultCode: held.state === 'waitlisted' ? 'waitlisted' : 'booked', resultMessage: prebookingResultText(held.state, 'en'), reservationId: held.reservationId ?? 'unknown', respondedAt }
      : { status: 'failed', resultCode: kind, resultMessage: describeBookingOutcome(answered.outcome, 'en'), respondedAt };
  } else {
    try {
      outcome = await settleOutcome(deps, aimharder, box, prebooking, answered, leaseToken);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      outcome = { status: 'failed', resultCode: error.code, resultMessage: error.message, respondedAt };
    }
  }
  if (outcome.status === 'completed' && outcome.resultCode === 'waitlisted' && replaced.state === 'booked' && outcome.reservationId) {
    outcome = await tradeWaitlistBackForPlace(deps, aimharder, box, prebooking, outcome, outcome.reservationId);
  }
  const swapped: ReplacedBooking = outcome.status === 'completed' ? { ...replaced, swap: 'cancelled' } : await rebookReplaced(aimharder, box, replaced);
  await recordSwap(deps.db, prebooking.id, leaseToken, swapped);
  deps.logger.info('replaced booking swapped', { prebookingId: prebooking.id, swap: swapped.swap, outcome: outcome.resultCode });
  return { ...outcome, resultMessage: `${outcome.resultMessage} ${describeSwap(swapped, 'en')}` };
}

/**
 * The new class was full and its waiting list took the member ("waitlist if full"), but the class
 * it replaces was a confirmed place: keeping the waiting-list place would trade a place for a hope,
 * which is not the swap promised ("if this class cannot be booked, it books your … again"). So
 * leave the new class's waiting list (AimHarder refuses the old class while any reservation at that
 * hour is held, waiting lists included) and let the caller ask for the old place back. If leaving
 * fails, the waiting-list place stays and is said as it is.
 */
async function tradeWaitlistBackForPlace(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  waitlisted: Outcome,
  reservationId: string,
): Promise<Outcome> {
  const left = await aimharder.cancel(box, reservationId, { late: false }).catch(() => null);
  deps.logger.info('replacing a place by a waiting-list place: left the waiting list', { prebookingId: prebooking.id, left: left?.kind ?? 'no_answer' });
  if (left?.kind !== 'cancelled') return waitlisted;
  return { status: 'failed', resultCode: 'full', resultMessage: prebookingResultText('full', 'en'), respondedAt: waitlisted.respondedAt };
}

async function settleOutcome(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  prebooking: Prebooking,
  answered: FireAnswer,
  leaseToken: string,
): Promise<Outcome> {
  const respondedAt = new Date(answered.respondedAtMs);
  let outcome = answered.outcome;
  // The instant of the request that got the place: what the member and the stats are told.
  let bookedAt = new Date(answered.firedAtMs);
  const bookedOnRetry = answered.onRetry;
  if (outcome.kind === 'full' && prebooking.waitlistIfFull) {
    // The waiting-list place comes from this second request, not the one at the opening.
    bookedAt = new Date(deps.clock.now());
    outcome = await aimharder.book(box, prebooking.classDay, prebooking.classId, { waitlist: true });
    await appendEvent(deps.db, prebooking.id, 'waitlist_requested', { answer: outcome, sentAt: bookedAt.toISOString() });
  }
  switch (outcome.kind) {
    case 'booked':
      return { status: 'completed', resultCode: 'booked', resultMessage: prebookingResultText('booked', 'en'), reservationId: outcome.reservationId, respondedAt, bookedAt, bookedOnRetry };
    case 'waitlisted':
      return {
        status: 'completed',
        resultCode: 'waitlisted',
        resultMessage: prebookingResultText('waitlisted', 'en'),
        reservationId: outcome.reservationId ?? 'waitlist',
        respondedAt,
        bookedAt,
        bookedOnRetry,
      };
    case 'already_booked_same_hour': {
      // Booked by hand, or our earlier ambiguous request did book: success if the member holds it.
      const held = await findHeldReservation(aimharder, box, prebooking);
      if (held) {
        return { status: 'completed', resultCode: 'already_held', resultMessage: prebookingResultText('already_held', 'en'), reservationId: held.reservationId ?? 'unknown', respondedAt };
      }
      return { status: 'failed', resultCode: outcome.kind, resultMessage: describeBookingOutcome(outcome, 'en'), respondedAt };
    }
    case 'too_early':
      return await handleStillTooEarly(deps, prebooking, outcome, leaseToken, respondedAt);
    case 'session_expired':
      // book() already tried to sign in again; find out whether the password itself is refused.
      await checkSession(aimharder);
      throw new TransientFailure('aimharder_session_expired', describeBookingOutcome(outcome, 'en'));
    case 'transport_error':
      throw new TransientFailure('aimharder_unavailable', describeBookingOutcome(outcome, 'en'));
    default:
      return { status: 'failed', resultCode: outcome.kind, resultMessage: describeBookingOutcome(outcome, 'en'), respondedAt };
  }
}

/**
 * AimHarder kept saying "too early" for the whole retry window: our rule for this box is wrong.
 * If its message says how far ahead it opens, learn that and reschedule for the right instant.
 */
async function handleStillTooEarly(
  deps: PrebookingDependencies,
  prebooking: Prebooking,
  outcome: Extract<BookingOutcome, { kind: 'too_early' }>,
  leaseToken: string,
  respondedAt: Date,
): Promise<Outcome> {
  const box = await findBox(deps.db, prebooking.boxId);
  if (outcome.window && box) {
    const rule = ruleFromWindowHint(outcome.window);
    const availableAt = computeOpeningInstant(rule, prebooking.classDay, prebooking.classStartTime, box.timeZone);
    if (availableAt.getTime() > ms(prebooking.availableAt) && availableAt.getTime() < ms(prebooking.classStartsAt)) {
      await saveLearnedBookingWindow(deps.db, box.boxId, rule);
      const fireAt = new Date(availableAt.getTime() + (ms(prebooking.fireAt) - ms(prebooking.availableAt)));
      const rescheduled = await reschedule(deps.db, prebooking.id, leaseToken, availableAt, fireAt);
      if (rescheduled) {
        const messageId = await publishPrebookingMessage(deps, rescheduled, `-r${rescheduled.attemptCount}`);
        await replaceMessageId(deps.db, prebooking.id, messageId);
        await appendEvent(deps.db, prebooking.id, 'rescheduled', { reason: 'too_early', availableAt: availableAt.toISOString(), messageId });
        throw new RescheduledSignal(`rescheduled for ${availableAt.toISOString()}`);
      }
    }
  }
  return { status: 'failed', resultCode: 'too_early_window_elapsed', resultMessage: prebookingResultText('too_early_window_elapsed', 'en'), respondedAt };
}

/** Hands an early delivery back: a fresh message for the right time, and the claim released. */
async function rearm(deps: PrebookingDependencies, prebooking: Prebooking, leaseToken: string): Promise<ExecuteResult> {
  const released = await releaseClaim(deps.db, prebooking.id, leaseToken, { code: 'rearmed', message: 'Delivered early; rescheduled.' });
  if (!released) return { kind: 'done', status: 'superseded', detail: 'changed meanwhile' };
  const messageId = await publishPrebookingMessage(deps, prebooking, `-a${prebooking.attemptCount}`);
  await replaceMessageId(deps.db, prebooking.id, messageId);
  await appendEvent(deps.db, prebooking.id, 'rearmed', { messageId, reason: 'delivered too early' });
  return { kind: 'done', status: 'scheduled', detail: 'delivered too early; a new message fires it on time' };
}
