import { AppError } from '@/core/http/app-error';
import { classStartInstant, describeBookingOutcome, describeCancelOutcome, rethrowAimHarderFailure, type AimHarderClassSlot, type BoxRef } from '@/modules/aimharder';
import { addDays, consecutiveDays, dayInZone, formatDateTime, getDictionary, type Locale } from '@/modules/i18n';
import { findBox, isBoxMember, listMemberBoxes, type Box, type Member } from '@/modules/members';
import {
  ACTIVE_STATUSES,
  cancelPrebooking,
  createPrebooking,
  listPrebookingsForMember,
  type CreatePrebookingInput,
  type OverlapConflict,
  type Prebooking,
  type PrebookingDependencies,
} from '@/modules/prebooking';
import { preflightsByPrebooking, toPreflightCard } from '@/modules/preflight';
import { cancellableUntil } from './cancel-window';
import { classTiming } from './class-timing';
import { nextStepsFor } from './my-classes.service';
import { outcomeText } from './prebooking-cards.service';
import { rememberButtonBooking, rememberCancellation } from './remember-booking.service';
import {
  SCHEDULE_DAY_COUNT,
  type ActionResult,
  type BookClassInput,
  type BoxSummary,
  type CancelBookingInput,
  type ScheduleClass,
  type ScheduleDay,
  type ScheduleQuery,
} from './schedule.schema';

/** What the schedule needs: the prebooking dependencies carry all of it (db, clock, AimHarder). */
export type ScheduleDependencies = PrebookingDependencies;

const toSummary = (box: Box): BoxSummary => ({ boxId: box.boxId, name: box.name, subdomain: box.subdomain, timeZone: box.timeZone });
const toBoxRef = (box: Pick<Box, 'boxId' | 'subdomain'>): BoxRef => ({ boxId: box.boxId, subdomain: box.subdomain });

/**
 * One day of one box as the member sees it: AimHarder's classes (places, waitlist, the member's
 * own booking) merged with the member's active prebookings, and each class's opening instant.
 */
export async function getScheduleDay(deps: ScheduleDependencies, member: Member, query: ScheduleQuery, locale: Locale): Promise<ScheduleDay> {
  const nowMs = deps.clock.now();
  const boxes = await listMemberBoxes(deps.db, member.id);
  const box = boxes.find((candidate) => candidate.boxId === query.boxId) ?? boxes[0];
  if (!box) {
    const today = dayInZone(nowMs, 'Europe/Madrid');
    return { boxes: [], box: null, today, days: consecutiveDays(today, SCHEDULE_DAY_COUNT), day: today, classes: [], loadError: null, serverNow: nowMs };
  }
  const today = dayInZone(nowMs, box.timeZone);
  const days = consecutiveDays(today, SCHEDULE_DAY_COUNT);
  const chosenDay = query.day && days.includes(query.day) ? query.day : null;
  let day = chosenDay ?? today;

  let slots: AimHarderClassSlot[];
  let prebookings: Prebooking[];
  try {
    const aimharder = await deps.aimharderFor(member.id);
    [slots, prebookings] = await Promise.all([aimharder.listClasses(toBoxRef(box), day), listPrebookingsForMember(deps, member, 'upcoming')]);
    if (!chosenDay) ({ day, slots } = await firstDayWithClassesAhead(box, days, day, slots, nowMs, (next) => aimharder.listClasses(toBoxRef(box), next)));
  } catch (error) {
    deps.logger.warn('schedule could not be loaded', { memberId: member.id, boxId: box.boxId, day, error: String(error) });
    const message = error instanceof AppError && locale === 'en' ? error.message : getDictionary(locale).schedule.loadError;
    return { boxes: boxes.map(toSummary), box: toSummary(box), today, days, day, serverNow: nowMs, classes: [], loadError: message };
  }
  const base = { boxes: boxes.map(toSummary), box: toSummary(box), today, days, day, serverNow: nowMs };

  const activeByClass = new Map(
    prebookings
      .filter((prebooking) => prebooking.boxId === box.boxId && prebooking.classDay === day && ACTIVE_STATUSES.includes(prebooking.status))
      .map((prebooking) => [prebooking.classId, prebooking]),
  );
  const attention = await preflightAttention(deps, [...activeByClass.values()], box, locale);
  const failedByClass = new Map(
    prebookings
      .filter((prebooking) => prebooking.boxId === box.boxId && prebooking.classDay === day && prebooking.status === 'failed' && !prebooking.dismissedAt)
      .map((prebooking) => [prebooking.classId, prebooking]),
  );
  const classes = slots
    .map((slot) => {
      const scheduled = toScheduleClass(slot, box, activeByClass.get(slot.id) ?? null, nowMs, deps.config.fireCommitMs, attention);
      const failed = scheduled.prebooking ? undefined : failedByClass.get(slot.id);
      // A failed prebooking keeps offering its next step here too, from the class as AimHarder lists it now.
      if (failed && scheduled.phase !== 'started') {
        scheduled.failure = { prebookingId: failed.id, text: outcomeText(failed, locale), nextSteps: nextStepsFor(failed, slot, nowMs) };
      }
      return scheduled;
    })
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.name.localeCompare(b.name));
  return { ...base, classes, loadError: null };
}

/**
 * The day's waiting prebookings whose last pre-flight check needs the member: the finding's text
 * by prebooking id. The schedule is no place to lose a page over it, so a failed read shows none.
 */
async function preflightAttention(deps: ScheduleDependencies, prebookings: Prebooking[], box: Box, locale: Locale): Promise<Map<string, string>> {
  if (prebookings.length === 0) return new Map();
  try {
    const preflights = await preflightsByPrebooking(deps.db, prebookings.map((prebooking) => prebooking.id));
    const texts = new Map<string, string>();
    for (const prebooking of prebookings) {
      const preflight = preflights.get(prebooking.id);
      if (preflight?.state !== 'action_needed') continue;
      const finding = toPreflightCard(preflight, locale, box.timeZone, prebooking.className).findings.find((candidate) => candidate.severity === 'action');
      if (finding) texts.set(prebooking.id, finding.text);
    }
    return texts;
  } catch (error) {
    deps.logger.warn('pre-flight findings could not be read for the schedule', { boxId: box.boxId, error: String(error) });
    return new Map();
  }
}

// Days looked ahead when today has nothing left: a week covers any box's timetable.
const LOOK_AHEAD_DAYS = 7;

/**
 * Where the schedule opens when no day was chosen: today while it still has a class to come, else
 * the next day that has one (late in the evening, today's classes have all started). The strip
 * keeps today either way.
 */
export async function firstDayWithClassesAhead(
  box: Box,
  days: string[],
  today: string,
  todaySlots: AimHarderClassSlot[],
  nowMs: number,
  listDay: (day: string) => Promise<AimHarderClassSlot[]>,
): Promise<{ day: string; slots: AimHarderClassSlot[] }> {
  const hasClassAhead = (slots: AimHarderClassSlot[]) =>
    slots.some((slot) => classTiming(box.bookingWindowRule, slot.day, slot.startTime, box.timeZone, nowMs).phase !== 'started');
  if (hasClassAhead(todaySlots)) return { day: today, slots: todaySlots };
  for (const next of days.slice(1, 1 + LOOK_AHEAD_DAYS)) {
    const slots = await listDay(next);
    if (hasClassAhead(slots)) return { day: next, slots };
  }
  return { day: today, slots: todaySlots };
}

function toScheduleClass(slot: AimHarderClassSlot, box: Box, prebooking: Prebooking | null, nowMs: number, fireCommitMs: number, attention: Map<string, string>): ScheduleClass {
  const timing = classTiming(box.bookingWindowRule, slot.day, slot.startTime, box.timeZone, nowMs);
  return {
    id: slot.id,
    day: slot.day,
    startTime: slot.startTime,
    endTime: slot.endTime,
    name: slot.name,
    coach: slot.coach || null,
    capacity: slot.capacity,
    bookedCount: slot.bookedCount,
    waitlistCount: slot.waitlistCount,
    memberState: slot.memberState,
    reservationId: slot.reservationId,
    includedInPlan: slot.includedInPlan,
    startsAt: timing.startsAt.toISOString(),
    opensAt: timing.opensAt?.toISOString() ?? null,
    phase: timing.phase,
    full: slot.capacity !== null && slot.capacity > 0 && slot.bookedCount >= slot.capacity,
    prebooking: prebooking
      ? {
          id: prebooking.id,
          status: prebooking.status,
          availableAt: prebooking.availableAt,
          fireAt: prebooking.fireAt,
          cancellableUntil: cancellableUntil(prebooking, fireCommitMs),
          attention: attention.get(prebooking.id) ?? null,
        }
      : null,
    failure: null,
  };
}

async function requireMemberBox(deps: ScheduleDependencies, member: Member, boxId: number): Promise<Box> {
  const box = await findBox(deps.db, boxId);
  if (!box || !(await isBoxMember(deps.db, member.id, boxId))) {
    throw new AppError({ code: 'not_found', message: `You are not a member of box ${boxId}.` });
  }
  return box;
}

/** Books an open class right now (or joins its waitlist), answering with AimHarder's outcome. */
export async function bookClass(deps: ScheduleDependencies, member: Member, input: BookClassInput, locale: Locale): Promise<ActionResult> {
  const box = await requireMemberBox(deps, member, input.boxId);
  const aimharder = await deps.aimharderFor(member.id).catch(rethrowAimHarderFailure);
  const outcome = await aimharder.book(toBoxRef(box), input.day, input.classId, { waitlist: input.waitlist }).catch(rethrowAimHarderFailure);
  const message = describeBookingOutcome(outcome, locale);
  deps.logger.info('class booked from the schedule', { memberId: member.id, boxId: box.boxId, classId: input.classId, outcome: outcome.kind });
  await rememberButtonBooking(deps, member.id, aimharder, box, input.day, input.classId, outcome);
  return outcome.kind === 'booked' || outcome.kind === 'waitlisted'
    ? { ok: true, message, kind: outcome.kind }
    : { ok: false, message, reason: outcome.kind };
}

/**
 * Cancels a booking (or leaves a waitlist). When AimHarder warns that it is a late cancellation
 * (the credit is lost), nothing is cancelled and the member is asked to confirm with `late`.
 */
export async function cancelBooking(deps: ScheduleDependencies, member: Member, input: CancelBookingInput, locale: Locale): Promise<ActionResult> {
  const box = await requireMemberBox(deps, member, input.boxId);
  const aimharder = await deps.aimharderFor(member.id).catch(rethrowAimHarderFailure);
  const outcome = await aimharder.cancel(toBoxRef(box), input.reservationId, { late: input.late }).catch(rethrowAimHarderFailure);
  deps.logger.info('booking cancelled from the schedule', { memberId: member.id, boxId: box.boxId, reservationId: input.reservationId, outcome: outcome.kind });
  if (outcome.kind === 'cancelled') {
    await rememberCancellation(deps, member.id, input.reservationId);
    return { ok: true, message: getDictionary(locale).schedule.bookingCancelled, kind: outcome.kind };
  }
  return {
    ok: false,
    message: describeCancelOutcome(outcome, locale),
    reason: outcome.kind,
    lateCancellationRequired: outcome.kind === 'late_cancellation_required',
  };
}

/** Prebooks a class that is not open yet; if it turns out to be open, it is booked right away. */
export async function prebookClass(deps: ScheduleDependencies, member: Member, input: CreatePrebookingInput, locale: Locale): Promise<ActionResult> {
  let result;
  try {
    result = await createPrebooking(deps, member, input);
  } catch (error) {
    // Same hour as a class the member holds or prebooked: the card offers "replace" or "keep mine".
    if (error instanceof AppError && error.reason === 'overlap' && error.details?.conflict) {
      const conflict = error.details.conflict as OverlapConflict;
      return { ok: false, reason: 'overlap', conflict, message: overlapText(conflict, locale) };
    }
    throw error;
  }
  const t = getDictionary(locale);
  if (result.kind === 'booked_now') {
    // The member pressed Prebook: say that it was booked at once because booking was already open.
    const message = t.classCard.bookedNowBecauseOpen(describeBookingOutcome(result.outcome, locale));
    return result.outcome.kind === 'booked' || result.outcome.kind === 'waitlisted'
      ? { ok: true, message, kind: result.outcome.kind }
      : { ok: false, message, reason: result.outcome.kind };
  }
  if (!result.created) return { ok: true, message: t.schedule.alreadyPrebooked, kind: 'prebooked' };
  const box = await findBox(deps.db, input.boxId);
  const when = formatDateTime(result.prebooking.availableAt, box?.timeZone ?? 'Europe/Madrid', locale);
  return { ok: true, message: t.schedule.prebookedAt(when), kind: 'prebooked' };
}

export async function cancelMemberPrebooking(deps: ScheduleDependencies, member: Member, prebookingId: string, locale: Locale): Promise<ActionResult> {
  await cancelPrebooking(deps, member, prebookingId);
  return { ok: true, message: getDictionary(locale).schedule.prebookingCancelled, kind: 'cancelled' };
}

function overlapText(conflict: OverlapConflict, locale: Locale): string {
  const held =
    locale === 'es'
      ? conflict.kind === 'prebooking'
        ? 'que ya tienes prerreservada'
        : conflict.state === 'waitlisted'
          ? 'en cuya lista de espera estás'
          : 'que ya tienes reservada'
      : conflict.kind === 'prebooking'
        ? 'which you have already prebooked'
        : conflict.state === 'waitlisted'
          ? 'where you are on the waiting list'
          : 'which you have already booked';
  return locale === 'es'
    ? `Coincide con ${conflict.className} a las ${conflict.startTime}, ${held}. AimHarder no permite dos clases a la misma hora.`
    : `It overlaps ${conflict.className} at ${conflict.startTime}, ${held}. AimHarder refuses two classes at the same hour.`;
}

/** How many days after a failed class "prebook the next one" looks for a class with the same name. */
const NEXT_SAME_NAME_DAYS = 14;

/**
 * A failed prebooking's "prebook the next one": the next class with the same name in that box
 * (the same start time preferred on each day), prebooked (or booked at once if already open).
 */
export async function prebookNextSameName(deps: ScheduleDependencies, member: Member, prebookingId: string, locale: Locale): Promise<ActionResult> {
  const failed = (await listPrebookingsForMember(deps, member, 'all')).find((prebooking) => prebooking.id === prebookingId);
  if (!failed) throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  const box = await requireMemberBox(deps, member, failed.boxId);
  const aimharder = await deps.aimharderFor(member.id).catch(rethrowAimHarderFailure);
  const name = failed.className.trim().toLowerCase();
  const nowMs = deps.clock.now();
  for (let offset = 0; offset <= NEXT_SAME_NAME_DAYS; offset += 1) {
    const day = addDays(failed.classDay, offset);
    const slots = await aimharder.listClasses(toBoxRef(box), day).catch(rethrowAimHarderFailure);
    const candidates = slots
      .filter((slot) => slot.name.trim().toLowerCase() === name && slot.memberState === 'none')
      .filter((slot) => (offset === 0 ? slot.startTime > failed.classStartTime : true))
      .filter((slot) => classStartInstant(slot.day, slot.startTime, box.timeZone).getTime() > nowMs)
      .sort((a, b) => Number(b.startTime === failed.classStartTime) - Number(a.startTime === failed.classStartTime) || a.startTime.localeCompare(b.startTime));
    const next = candidates[0];
    if (next) return prebookClass(deps, member, { boxId: box.boxId, day, classId: next.id, waitlistIfFull: failed.waitlistIfFull }, locale);
  }
  return {
    ok: false,
    reason: 'no_next_class',
    message:
      locale === 'es'
        ? `No hay otra clase de ${failed.className} en los próximos ${NEXT_SAME_NAME_DAYS} días.`
        : `There is no other ${failed.className} class in the next ${NEXT_SAME_NAME_DAYS} days.`,
  };
}
