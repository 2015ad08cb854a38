import { AppError } from '@/core/http/app-error';
import {
  classStartInstant,
  computeOpeningInstant,
  describeBookingOutcome,
  rethrowAimHarderFailure,
  ruleFromWindowHint,
  type AimHarderClassSlot,
  type AimHarderClient,
  type BookingOutcome,
  type BookingWindowRule,
} from '@/modules/aimharder';
import { findBox, isBoxMember, saveLearnedBookingWindow, type Box, type Member } from '@/modules/members';
import type { CreatePrebookingInput, Prebooking, ReplacedBooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import {
  appendEvent,
  countActiveForSameOpening,
  findActivePrebooking,
  findPrebooking,
  insertPrebooking,
  markScheduled,
} from './prebooking.repository';
import { discardUnpublishedPrebooking, recordFirstMessageId } from './prebooking-guards.repository';
import { isWithinArmingHorizon, planPrebookingDelivery, publishPrebookingMessage, type PlannedDelivery } from './publish-prebooking';
import { schedulePreflight } from './publish-preflight';
import { resolveAlternatives } from './resolve-alternatives';
import { cancelPrebooking } from './cancel-prebooking.service';
import { listMemberPrebookingsOnDays } from './create-goal-prebooking.service';
import { findOverlap, overlaps, type OverlapConflict } from './find-overlap';
import { ACTIVE_STATUSES } from './prebooking.schema';

export type CreatePrebookingResult =
  | { kind: 'prebooked'; prebooking: Prebooking; created: boolean }
  | { kind: 'booked_now'; outcome: BookingOutcome; message: string };

/**
 * A member asks for a class that is not open yet. We check it with AimHarder, work out when it
 * opens (from the box's rule, or by asking AimHarder and reading its too-early answer), store the
 * prebooking and schedule exactly one QStash message for it. If the class is already open we
 * simply book it now.
 */
export async function createPrebooking(deps: PrebookingDependencies, member: Member, input: CreatePrebookingInput): Promise<CreatePrebookingResult> {
  const { db, clock } = deps;
  const box = await findBox(db, input.boxId);
  if (!box || !(await isBoxMember(db, member.id, input.boxId))) {
    throw new AppError({ code: 'not_found', message: `You are not a member of box ${input.boxId}.` });
  }

  const existing = await findActivePrebooking(db, member.id, input.classId, input.day);
  if (existing) return { kind: 'prebooked', prebooking: existing, created: false };

  const aimharder = await deps.aimharderFor(member.id);
  const boxRef = { boxId: box.boxId, subdomain: box.subdomain };
  const classes = await aimharder.listClasses(boxRef, input.day).catch(rethrowAimHarderFailure);
  const slot = classes.find((candidate) => candidate.id === input.classId);
  if (!slot) throw new AppError({ code: 'not_found', message: `There is no class ${input.classId} on ${input.day} at ${box.name}.` });
  if (slot.memberState !== 'none') {
    throw new AppError({ code: 'conflict', reason: 'already_booked', message: `You already hold ${slot.name} on ${input.day} at ${slot.startTime}.` });
  }

  const replacesBooking = await refuseOverlap(deps, member, box, input, slot, classes);

  const classStartsAt = classStartInstant(input.day, slot.startTime, box.timeZone);
  const nowMs = clock.now();
  if (classStartsAt.getTime() <= nowMs) {
    throw new AppError({ code: 'unprocessable', reason: 'class_started', message: `${slot.name} on ${input.day} at ${slot.startTime} has already started.` });
  }

  const opening = await resolveOpeningInstant(deps, aimharder, box, input, slot.startTime, nowMs).catch(rethrowAimHarderFailure);
  if (opening.kind === 'booked_now') {
    // Open already: AimHarder refused it for the held booking, which stays; the member swaps by hand.
    if (replacesBooking && opening.outcome.kind === 'already_booked_same_hour') {
      throw new AppError({
        code: 'conflict',
        reason: 'overlap',
        message: `${slot.name} on ${input.day} at ${slot.startTime} is open now, so there is no opening instant to swap at: cancel ${replacesBooking.className} at ${replacesBooking.classStartTime} first, then book it.`,
      });
    }
    return opening;
  }

  // Alternatives are checked before anything is stored; the rule may just have been learned.
  const ruleBox = box.bookingWindowRule ? box : ((await findBox(db, box.boxId)) ?? box);
  const alternatives = await resolveAlternatives(aimharder, ruleBox, { day: input.day, classId: input.classId, availableAt: opening.availableAt }, input.alternatives ?? [], nowMs, classes).catch(
    rethrowAimHarderFailure,
  );

  const sameOpening = await countActiveForSameOpening(db, box.boxId, input.classId, input.day);
  const fireAt = new Date(opening.availableAt.getTime() + sameOpening * deps.config.sameClassSpacingMs);
  const inserted = await insertPrebooking(db, {
    memberId: member.id,
    boxId: box.boxId,
    classId: input.classId,
    classDay: input.day,
    classStartTime: slot.startTime,
    classStartsAt,
    className: slot.name,
    waitlistIfFull: input.waitlistIfFull,
    availableAt: opening.availableAt,
    fireAt,
    source: 'manual',
    alternatives,
    replacesBooking,
  });
  if (!inserted) {
    // Lost a race with the same request sent twice: the other one created it.
    const winner = await findActivePrebooking(db, member.id, input.classId, input.day);
    if (winner) return { kind: 'prebooked', prebooking: winner, created: false };
    throw new AppError({ code: 'conflict', message: 'This prebooking changed while we were creating it. Please try again.' });
  }
  await appendEvent(db, inserted.id, 'created', {
    availableAt: inserted.availableAt,
    fireAt: inserted.fireAt,
    ruleSource: opening.ruleSource,
    queuePosition: sameOpening,
    ...(replacesBooking ? { replacesBooking } : {}),
    ...(alternatives.length > 0 ? { alternatives: alternatives.map((alternative) => ({ classId: alternative.classId, classStartTime: alternative.classStartTime, availableAt: alternative.availableAt })) } : {}),
  });
  return { kind: 'prebooked', prebooking: await schedulePrebooking(deps, inserted), created: true };
}

/**
 * A class at the same hour as one the member holds or has prebooked in this box would be refused by
 * AimHarder at the instant (NOPUEDESRESERVAMISMAHORA): answered now with a 409 naming the other
 * class (details.conflict), unless the member chose to replace it. A prebooking replaced is
 * cancelled now; a booking replaced is kept until the opening instant and returned here, to be
 * stored with the prebooking and swapped at the instant (replace-held-booking.ts).
 *
 * Same box only: AimHarder's rule lives on each box's own /api/book, and nothing recorded shows a
 * box refusing a class because of a booking at another box (aimharder-api.md §4.4; the simulator
 * checks the box's own reservations). A same-hour class at another box is not refused here: we do
 * not invent a refusal AimHarder does not make.
 */
async function refuseOverlap(
  deps: PrebookingDependencies,
  member: Member,
  box: Box,
  input: CreatePrebookingInput,
  slot: AimHarderClassSlot,
  classes: AimHarderClassSlot[],
): Promise<ReplacedBooking | null> {
  const prebookings = (await listMemberPrebookingsOnDays(deps.db, member.id, [input.day])).filter(
    (prebooking) => prebooking.boxId === box.boxId && ACTIVE_STATUSES.includes(prebooking.status),
  );
  const conflict = findOverlap(slot, { slots: classes, prebookings });
  if (!conflict) return null;
  if (conflict.kind === 'prebooking' && input.replacePrebookingId === conflict.prebookingId) {
    await cancelPrebooking(deps, member, conflict.prebookingId);
    deps.logger.info('prebooking replaced by an overlapping one', { replacedId: conflict.prebookingId, classId: input.classId });
    return null;
  }
  if (conflict.kind === 'booking' && conflict.reservationId !== null && input.replaceBookingId === conflict.reservationId) {
    // Only one other booking may stand in the way: a second one would still refuse the class.
    const others = classes.filter((other) => other.id !== slot.id && other.id !== conflict.classId && other.memberState !== 'none' && overlaps(slot, other));
    if (others.length === 0 && !prebookings.some((prebooking) => overlaps(slot, { day: prebooking.classDay, startTime: prebooking.classStartTime, endTime: null }))) {
      return {
        reservationId: conflict.reservationId,
        classId: conflict.classId,
        classDay: conflict.day,
        classStartTime: conflict.startTime,
        className: conflict.className,
        state: conflict.state,
      };
    }
  }
  throw new AppError({ code: 'conflict', reason: 'overlap', message: overlapMessage(slot, conflict), details: { conflict } });
}

function overlapMessage(slot: AimHarderClassSlot, conflict: OverlapConflict): string {
  const held =
    conflict.kind === 'prebooking' ? 'you have already prebooked' : conflict.state === 'waitlisted' ? 'where you are on the waiting list' : 'which you have already booked';
  return `${slot.name} on ${slot.day} at ${slot.startTime} overlaps ${conflict.className} at ${conflict.startTime}, ${held}. AimHarder refuses two classes at the same hour.`;
}

/**
 * Marks the prebooking `scheduled`, then publishes its QStash message (or leaves it for the sweep
 * to arm). In that order: when the opening is within the lead (a class opening in a second, a
 * crowded instant, a learned window "now + 1 s"), QStash delivers at once, and a delivery that
 * found the row still `pending` was dropped (answered 200, never retried) until the next sweep.
 */
export async function schedulePrebooking(deps: PrebookingDependencies, prebooking: Prebooking): Promise<Prebooking> {
  const { db, clock, config } = deps;
  const arm = config.scheduling === 'direct' || isWithinArmingHorizon(deps, prebooking.fireAt, clock.now());
  const marked = await markScheduled(db, prebooking.id, null);
  let messageId: string | null = null;
  let planned: PlannedDelivery | null = null;
  if (arm) {
    try {
      planned = await planPrebookingDelivery(deps, marked ?? prebooking);
      messageId = await publishPrebookingMessage(deps, marked ?? prebooking, '', planned);
    } catch (error) {
      // No orphan: a prebooking without its message would never fire.
      await discardUnpublishedPrebooking(db, prebooking.id);
      throw error instanceof AppError
        ? error
        : new AppError({ code: 'upstream_unavailable', message: 'The prebooking could not be scheduled. Please try again.', cause: error });
    }
    // Whatever the delivery has done with the row meanwhile, it is this message's.
    await recordFirstMessageId(db, prebooking.id, messageId);
  }
  await appendEvent(db, prebooking.id, 'scheduled', {
    messageId,
    mode: config.scheduling,
    // QStash's whole second (the box clock's shift and the crowd's lead included): a re-arm compares with it.
    notBefore: new Date(planned ? Math.floor(planned.notBeforeMs / 1000) * 1000 : new Date(prebooking.fireAt).getTime() - config.leadMs).toISOString(),
  });
  deps.logger.info('prebooking scheduled', { prebookingId: prebooking.id, messageId, fireAt: prebooking.fireAt });
  // In `armed` mode a far-off pre-flight is left to the sweep, like the execution's own message.
  if (arm) await schedulePreflight(deps, prebooking);
  // A delivery may already have claimed it (opening within the lead time): report what is stored.
  return (await findPrebooking(db, prebooking.id)) ?? marked ?? prebooking;
}

type Opening =
  | { kind: 'opening'; availableAt: Date; ruleSource: 'configured' | 'learned' }
  | { kind: 'booked_now'; outcome: BookingOutcome; message: string };

async function resolveOpeningInstant(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: Box,
  input: CreatePrebookingInput,
  startTime: string,
  nowMs: number,
): Promise<Opening> {
  if (box.bookingWindowRule) {
    const availableAt = computeOpeningInstant(box.bookingWindowRule, input.day, startTime, box.timeZone);
    if (availableAt.getTime() > nowMs) return { kind: 'opening', availableAt, ruleSource: box.bookingWindowSource ?? 'configured' };
  }
  // Open by our rule, or no rule known: ask AimHarder by trying to book.
  const boxRef = { boxId: box.boxId, subdomain: box.subdomain };
  const outcome = await aimharder.book(boxRef, input.day, input.classId, { waitlist: input.waitlistIfFull });
  if (outcome.kind !== 'too_early') {
    return { kind: 'booked_now', outcome, message: describeBookingOutcome(outcome, 'en') };
  }
  if (!outcome.window) {
    throw new AppError({
      code: 'unprocessable',
      reason: 'unknown_opening',
      message: 'AimHarder says it is too early to book, but not when booking opens. Ask an admin to set this box’s booking window.',
    });
  }
  const learned: BookingWindowRule = ruleFromWindowHint(outcome.window);
  await saveLearnedBookingWindow(deps.db, box.boxId, learned);
  deps.logger.info('learned booking window', { boxId: box.boxId, rule: learned });
  const availableAt = computeOpeningInstant(learned, input.day, startTime, box.timeZone);
  if (availableAt.getTime() <= nowMs) {
    // Our clock and AimHarder's disagree by a hair: open "now" for us, not yet for them.
    return { kind: 'opening', availableAt: new Date(nowMs + 1_000), ruleSource: 'learned' };
  }
  return { kind: 'opening', availableAt, ruleSource: 'learned' };
}
