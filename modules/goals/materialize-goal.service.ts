import { AppError } from '@/core/http/app-error';
import { classStartInstant, computeOpeningInstant } from '@/modules/aimharder';
import { findBox } from '@/modules/members';
import { ACTIVE_STATUSES, cancelGoalPrebooking, createGoalPrebooking, findOverlap, listGoalPrebookings, listMemberPrebookingsOnDays, type PrebookingStatus } from '@/modules/prebooking';
import { decideOccurrence } from './decide-occurrence';
import { staleReason } from './goal-rules';
import { GOALS_MATERIALIZE_ROUTE, type GoalsDependencies } from './goals-dependencies';
import { findGoal, listActiveGoalIds, recordGoalRun, upsertOccurrences } from './goals.repository';
import type { ExistingPrebooking, Goal, GoalOccurrence, TimetableClass } from './goals.schema';
import { localDay } from './local-day';
import { pickGoalAlternatives } from './pick-goal-alternatives';
import { openGoalDays, planGoalDays, type PlanInput } from './plan-goal-days';

export interface MaterializeReport {
  goalId: string;
  /** The goal's member (null when the goal is gone): the daily run refreshes their synced bookings. */
  memberId: string | null;
  /** Class days whose booking opens within the horizon. */
  evaluated: number;
  created: number;
  occurrences: Array<Omit<GoalOccurrence, 'evaluatedAt'>>;
  /** Why nothing could be looked at (paused, unknown box window…); null when the run went through. */
  note: string | null;
  /** Matching classes already open for booking (too late to prebook): offered to book now. */
  openNow: OpenClassOffer[];
}

export interface OpenClassOffer {
  boxId: number;
  day: string;
  classId: string;
  className: string;
  startTime: string;
  /** Join the waiting list when it is full (the goal's choice). */
  waitlist: boolean;
  /** The goal's fallbacks that day, in order: tried when the class is full ("book if open"). */
  alternatives: Array<{ classId: string; className: string; startTime: string }>;
}

/**
 * One run of one goal: for every class day whose booking opens after now and within the horizon,
 * find the matching class in the box's timetable and make sure exactly one prebooking exists for
 * it — or record why not (skip date, no such class, already booked or prebooked, cancelled by the
 * member). Idempotent: running it again, or twice at once, creates nothing more (the database
 * allows one active prebooking per member, class and day).
 */
export async function materializeGoal(deps: GoalsDependencies, goalId: string, options: { offerOpenClasses?: boolean } = {}): Promise<MaterializeReport> {
  const { db, clock } = deps;
  const report: MaterializeReport = { goalId, memberId: null, evaluated: 0, created: 0, occurrences: [], note: null, openNow: [] };
  const goal = await findGoal(db, goalId);
  if (!goal) return { ...report, note: 'goal not found' };
  report.memberId = goal.memberId;
  if (!goal.active) return { ...report, note: 'goal is paused' };
  const box = await findBox(db, goal.boxId);
  if (!box) return { ...report, note: `box ${goal.boxId} is unknown` };
  const nowMs = clock.now();
  if (!box.bookingWindowRule) {
    const note = `Prebooker does not know yet when ${box.name} opens its classes: prebook one class of this box by hand once (Prebooker learns it from AimHarder), or ask an admin to set it.`;
    await recordGoalRun(db, goal.id, { at: new Date(nowMs), error: note });
    return { ...report, note };
  }
  const rule = box.bookingWindowRule;
  const plan: PlanInput = {
    goal,
    today: localDay(nowMs, box.timeZone),
    nowMs,
    horizonMs: deps.config.horizonMs,
    openingInstant: (day, startTime) => computeOpeningInstant(rule, day, startTime, box.timeZone),
  };
  const planned = planGoalDays(plan);
  report.evaluated = planned.length;

  const existingByDay = groupByDay(await listMemberPrebookingsOnDays(db, goal.memberId, planned.map((entry) => entry.day)));
  const boxRef = { boxId: box.boxId, subdomain: box.subdomain };
  let timetableError: string | null = null;

  for (const entry of planned) {
    const base = { goalId: goal.id, classDay: entry.day };
    let classes: TimetableClass[] | null = null;
    if (!entry.skip) {
      try {
        classes = await deps.timetable.listClasses(goal.memberId, boxRef, entry.day);
      } catch (error) {
        timetableError = 'AimHarder did not answer with the timetable; the next run tries again.';
        deps.logger.warn('goal could not read the timetable', { goalId: goal.id, day: entry.day, error: String(error) });
        report.occurrences.push({ ...base, outcome: 'error', classId: null, prebookingId: null, detail: timetableError });
        continue;
      }
    }
    const decision = decideOccurrence({ goal, day: entry.day, skip: entry.skip, classes, existing: existingByDay.get(entry.day) ?? [] });
    if (decision.action === 'record') {
      report.occurrences.push({ ...base, outcome: decision.outcome, classId: decision.classId, prebookingId: decision.prebookingId, detail: decision.detail });
      continue;
    }
    // A class at the same hour as one the member holds or prebooked in this box would fail at the
    // instant (AimHarder refuses two at the same hour): recorded now, looked at again next run.
    const held = {
      slots: (classes ?? []).map((slot) => ({ ...slot, day: entry.day, endTime: null, reservationId: null })),
      prebookings: (existingByDay.get(entry.day) ?? []).filter((prebooking) => prebooking.boxId === box.boxId && ACTIVE_STATUSES.includes(prebooking.status)),
    };
    const conflict = findOverlap({ ...decision.slot, day: entry.day, endTime: null }, held);
    if (conflict) {
      const detail = `Not prebooked: ${decision.slot.name} at ${decision.slot.startTime} overlaps ${conflict.className} at ${conflict.startTime}, which you already ${conflict.kind === 'prebooking' ? 'prebooked' : 'hold'}; AimHarder refuses two classes at the same hour.`;
      report.occurrences.push({ ...base, outcome: 'error', classId: decision.slot.id, prebookingId: conflict.kind === 'prebooking' ? conflict.prebookingId : null, detail });
      continue;
    }
    const fallbacks = pickGoalAlternatives(goal, classes ?? [], decision.slot);
    // A fallback at the hour of a class the member holds or prebooked would be refused at the instant too.
    const usable = fallbacks.classes.filter((slot) => {
      const clash = findOverlap({ ...slot, day: entry.day, endTime: null }, held);
      if (clash) fallbacks.skipped.push({ alternative: { startTime: slot.startTime, className: slot.name }, reason: `${slot.startTime} ${slot.name} overlaps ${clash.className} at ${clash.startTime}` });
      return !clash;
    });
    report.occurrences.push({ ...base, ...(await prebookSlot(deps, goal, box, entry.day, decision.slot, usable, fallbacks.skipped.map((item) => item.reason), report)) });
  }

  // Only when the member is there to take the offer (creating or editing the goal), not in the daily run.
  if (options.offerOpenClasses) report.openNow = await findOpenClasses(deps, goal, boxRef, openGoalDays({ ...plan, classStartInstant: (day, startTime) => classStartInstant(day, startTime, box.timeZone) }));

  const now = new Date(clock.now());
  await upsertOccurrences(db, report.occurrences, now);
  await recordGoalRun(db, goal.id, { at: now, error: timetableError });
  await recheckIfEdited(deps, goal);
  if (report.created > 0 || report.evaluated > 0) {
    deps.logger.info('goal materialised', { goalId: goal.id, evaluated: report.evaluated, created: report.created });
  }
  return report;
}

/** The goal's class on each open day that the member neither holds nor has prebooked. */
async function findOpenClasses(deps: GoalsDependencies, goal: Goal, boxRef: { boxId: number; subdomain: string }, days: string[]): Promise<OpenClassOffer[]> {
  if (days.length === 0) return [];
  const existingByDay = groupByDay(await listMemberPrebookingsOnDays(deps.db, goal.memberId, days));
  const offers: OpenClassOffer[] = [];
  for (const day of days) {
    try {
      const classes = await deps.timetable.listClasses(goal.memberId, boxRef, day);
      const decision = decideOccurrence({ goal, day, skip: null, classes, existing: existingByDay.get(day) ?? [] });
      if (decision.action === 'create') {
        const fallbacks = pickGoalAlternatives(goal, classes, decision.slot).classes;
        offers.push({
          boxId: boxRef.boxId,
          day,
          classId: decision.slot.id,
          className: decision.slot.name,
          startTime: decision.slot.startTime,
          waitlist: goal.waitlistIfFull,
          alternatives: fallbacks.map((slot) => ({ classId: slot.id, className: slot.name, startTime: slot.startTime })),
        });
      }
    } catch (error) {
      // Only an offer: without the timetable there is nothing to offer, and the run itself went through.
      deps.logger.warn('goal could not read an open day', { goalId: goal.id, day, error: String(error) });
    }
  }
  return offers;
}

async function prebookSlot(
  deps: GoalsDependencies,
  goal: Goal,
  box: NonNullable<Awaited<ReturnType<typeof findBox>>>,
  day: string,
  slot: TimetableClass,
  alternatives: TimetableClass[],
  leftOut: string[],
  report: MaterializeReport,
): Promise<Pick<GoalOccurrence, 'outcome' | 'classId' | 'prebookingId' | 'detail'>> {
  try {
    const result = await createGoalPrebooking(deps.prebooking, {
      memberId: goal.memberId,
      box,
      goalId: goal.id,
      classId: slot.id,
      classDay: day,
      classStartTime: slot.startTime,
      className: slot.name,
      waitlistIfFull: goal.waitlistIfFull,
      alternatives: alternatives.map((alternative) => ({ classId: alternative.id, classStartTime: alternative.startTime, className: alternative.name })),
    });
    if (result.kind === 'created') {
      report.created += 1;
      const kept = result.prebooking.alternatives.map((alternative) => `${alternative.className} at ${alternative.classStartTime}`);
      const skipped = [...leftOut, ...result.skippedAlternatives.map((item) => item.reason)];
      const detail = [
        `Prebooked ${slot.name} at ${slot.startTime}${kept.length > 0 ? `, else ${kept.join(', else ')}` : ''}.`,
        skipped.length > 0 ? `Fallback left out: ${skipped.join('; ')}.` : null,
      ]
        .filter(Boolean)
        .join(' ');
      return { outcome: 'prebooked', classId: slot.id, prebookingId: result.prebooking.id, detail };
    }
    if (result.kind === 'exists') {
      return { outcome: 'already_prebooked', classId: slot.id, prebookingId: result.prebooking.id, detail: `You already prebooked ${slot.name} at ${slot.startTime}.` };
    }
    return { outcome: 'error', classId: slot.id, prebookingId: null, detail: result.message };
  } catch (error) {
    deps.logger.warn('goal could not prebook a class', { goalId: goal.id, day, classId: slot.id, error: String(error) });
    const detail = error instanceof AppError ? error.message : 'Prebooker hit an unexpected error; the next run tries again.';
    return { outcome: 'error', classId: slot.id, prebookingId: null, detail };
  }
}

/**
 * An edit saved while this run was going on may have made something it created stale: compare
 * the revision and, if it moved, check the goal's prebookings against the new version.
 */
async function recheckIfEdited(deps: GoalsDependencies, startedWith: Goal): Promise<void> {
  const latest = await findGoal(deps.db, startedWith.id);
  if (latest && latest.revision !== startedWith.revision) await cancelStalePrebookings(deps, latest);
}

/** Cancels the goal's future prebookings that no longer match it (`all`: every one), and their QStash messages. */
export async function cancelStalePrebookings(deps: GoalsDependencies, goal: Goal, options: { all?: boolean } = {}): Promise<number> {
  const active = await listGoalPrebookings(deps.db, [goal.id], { statuses: ACTIVE_STATUSES });
  let cancelled = 0;
  for (const prebooking of active) {
    const reason = staleReason(goal, prebooking) ?? (options.all ? 'goal_changed' : null);
    if (!reason) continue;
    if (await cancelGoalPrebooking(deps.prebooking, prebooking.id, reason)) cancelled += 1;
  }
  return cancelled;
}

/**
 * The daily schedule's job: one QStash message per active goal (deduplicated per goal and hour,
 * spaced out so AimHarder is not asked for every timetable at once). Each is a `materializeGoal`.
 */
export async function fanOutGoalMaterialization(deps: GoalsDependencies): Promise<{ queued: number }> {
  const goalIds = await listActiveGoalIds(deps.db);
  const nowMs = deps.clock.now();
  const hour = Math.floor(nowMs / 3_600_000);
  let queued = 0;
  for (const [index, goalId] of goalIds.entries()) {
    await deps.publisher.publishDelayedJson({
      destinationUrl: `${deps.config.appBaseUrl}${GOALS_MATERIALIZE_ROUTE}`,
      body: { goalId },
      notBeforeMs: nowMs + index * deps.config.fanOutSpacingMs,
      deduplicationId: `goal-${goalId}-${hour}`,
      retries: deps.config.qstashRetries,
      label: 'goal',
    });
    queued += 1;
  }
  deps.logger.info('goal runs queued', { queued });
  return { queued };
}

type DayPrebooking = ExistingPrebooking & { classDay: string; boxId: number; status: PrebookingStatus };

function groupByDay(prebookings: DayPrebooking[]): Map<string, DayPrebooking[]> {
  const byDay = new Map<string, DayPrebooking[]>();
  for (const prebooking of prebookings) {
    const list = byDay.get(prebooking.classDay) ?? [];
    list.push(prebooking);
    byDay.set(prebooking.classDay, list);
  }
  return byDay;
}
