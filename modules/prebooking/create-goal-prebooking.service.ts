import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { classStartInstant, computeOpeningInstant } from '@/modules/aimharder';
import type { Box } from '@/modules/members';
import { schedulePrebooking } from './create-prebooking.service';
import { MAX_ALTERNATIVES, type Prebooking, type PrebookingAlternative, type PrebookingStatus } from './prebooking.schema';
import { ALTERNATIVE_MAX_LATER_MS } from './resolve-alternatives';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { appendEvent, cancelActive, countActiveForSameOpening, findActivePrebooking, findPrebooking, insertPrebooking, toPrebooking } from './prebooking.repository';

/** A prebooking with the goal that made it (null for manual ones). */
export type GoalLinkedPrebooking = Prebooking & { goalId: string | null };

export interface GoalPrebookingInput {
  memberId: string;
  box: Box;
  goalId: string;
  /** A class the goal module found in the box's timetable for that day. */
  classId: string;
  classDay: string;
  classStartTime: string;
  className: string;
  waitlistIfFull: boolean;
  /** The goal's fallbacks found in that day's timetable, in the goal's order (issue 17). */
  alternatives?: GoalAlternativeClass[];
}

export interface GoalAlternativeClass {
  classId: string;
  classStartTime: string;
  className: string;
}

/** A fallback left off the prebooking, and why (the goal's run record says so). */
export interface SkippedGoalAlternative extends GoalAlternativeClass {
  reason: string;
}

export type CreateGoalPrebookingResult =
  | { kind: 'created'; prebooking: Prebooking; skippedAlternatives: SkippedGoalAlternative[] }
  | { kind: 'exists'; prebooking: Prebooking }
  | { kind: 'not_prebookable'; reason: 'booking_window_unknown' | 'already_open' | 'class_started'; message: string };

/**
 * The goal module's way to prebook: like `createPrebooking`, but for a class it has already
 * found in the timetable, only while booking has not opened (a goal prebooks, it never books on
 * the spot), and recorded with `source = 'goal'` and the goal's id. Scheduling is the same.
 */
export async function createGoalPrebooking(deps: PrebookingDependencies, input: GoalPrebookingInput): Promise<CreateGoalPrebookingResult> {
  const { db, clock } = deps;
  const { box } = input;
  if (!box.bookingWindowRule) {
    return {
      kind: 'not_prebookable',
      reason: 'booking_window_unknown',
      message: `Prebooker does not know yet when ${box.name} opens its classes. Prebook one class by hand (it learns from AimHarder) or ask an admin to set it.`,
    };
  }
  const nowMs = clock.now();
  const classStartsAt = classStartInstant(input.classDay, input.classStartTime, box.timeZone);
  if (classStartsAt.getTime() <= nowMs) {
    return { kind: 'not_prebookable', reason: 'class_started', message: `${input.className} on ${input.classDay} at ${input.classStartTime} has already started.` };
  }
  const availableAt = computeOpeningInstant(box.bookingWindowRule, input.classDay, input.classStartTime, box.timeZone);
  if (availableAt.getTime() <= nowMs) {
    return { kind: 'not_prebookable', reason: 'already_open', message: `Booking for ${input.className} on ${input.classDay} at ${input.classStartTime} is already open: book it in AimHarder.` };
  }

  const existing = await findActivePrebooking(db, input.memberId, input.classId, input.classDay);
  if (existing) return { kind: 'exists', prebooking: existing };

  const { alternatives, skipped } = goalAlternatives(box, input, availableAt, nowMs);
  const sameOpening = await countActiveForSameOpening(db, box.boxId, input.classId, input.classDay);
  const inserted = await insertPrebooking(db, {
    memberId: input.memberId,
    boxId: box.boxId,
    classId: input.classId,
    classDay: input.classDay,
    classStartTime: input.classStartTime,
    classStartsAt,
    className: input.className,
    waitlistIfFull: input.waitlistIfFull,
    availableAt,
    fireAt: new Date(availableAt.getTime() + sameOpening * deps.config.sameClassSpacingMs),
    source: 'goal',
    goalId: input.goalId,
    alternatives,
  });
  if (!inserted) {
    const winner = await findActivePrebooking(db, input.memberId, input.classId, input.classDay);
    if (winner) return { kind: 'exists', prebooking: winner };
    throw databaseError('save the goal prebooking', null);
  }
  await appendEvent(db, inserted.id, 'created', {
    availableAt: inserted.availableAt,
    fireAt: inserted.fireAt,
    ruleSource: box.bookingWindowSource ?? 'configured',
    queuePosition: sameOpening,
    goalId: input.goalId,
    ...(alternatives.length > 0 ? { alternatives: alternatives.map((alternative) => ({ classId: alternative.classId, classStartTime: alternative.classStartTime, availableAt: alternative.availableAt })) } : {}),
  });
  return { kind: 'created', prebooking: await schedulePrebooking(deps, inserted), skippedAlternatives: skipped };
}

/**
 * The goal's fallbacks that can ride on this prebooking, by the same rules as a member's own
 * alternatives (not started, opening at the first choice's instant or up to ten minutes after);
 * the others are left off with a reason instead of refusing the whole prebooking, since a goal
 * runs unattended and its first choice is still worth prebooking.
 */
function goalAlternatives(box: Box, input: GoalPrebookingInput, firstOpening: Date, nowMs: number): { alternatives: PrebookingAlternative[]; skipped: SkippedGoalAlternative[] } {
  const alternatives: PrebookingAlternative[] = [];
  const skipped: SkippedGoalAlternative[] = [];
  for (const candidate of input.alternatives ?? []) {
    const skip = (reason: string) => skipped.push({ ...candidate, reason });
    if (candidate.classId === input.classId || alternatives.some((kept) => kept.classId === candidate.classId)) {
      skip(`${candidate.className} at ${candidate.classStartTime} is already in the list`);
      continue;
    }
    const startsAt = classStartInstant(input.classDay, candidate.classStartTime, box.timeZone);
    if (startsAt.getTime() <= nowMs) {
      skip(`${candidate.className} at ${candidate.classStartTime} has already started`);
      continue;
    }
    const opensAt = computeOpeningInstant(box.bookingWindowRule!, input.classDay, candidate.classStartTime, box.timeZone);
    const deltaMs = opensAt.getTime() - firstOpening.getTime();
    if (deltaMs < 0) {
      skip(`${candidate.className} at ${candidate.classStartTime} opens before the first choice`);
      continue;
    }
    if (deltaMs > ALTERNATIVE_MAX_LATER_MS) {
      skip(`${candidate.className} at ${candidate.classStartTime} opens more than 10 minutes after the first choice`);
      continue;
    }
    alternatives.push({
      classId: candidate.classId,
      classDay: input.classDay,
      classStartTime: candidate.classStartTime,
      classStartsAt: startsAt.toISOString(),
      className: candidate.className,
      availableAt: opensAt.toISOString(),
    });
  }
  return { alternatives: alternatives.slice(0, MAX_ALTERNATIVES), skipped };
}

export type GoalCancelReason = 'goal_changed' | 'goal_paused' | 'goal_deleted';

const GOAL_CANCEL_TEXT: Record<GoalCancelReason, string> = {
  goal_changed: 'Your goal changed and this class no longer matches it.',
  goal_paused: 'You paused the goal that made this prebooking.',
  goal_deleted: 'You deleted the goal that made this prebooking.',
};

/**
 * Cancels a goal-made prebooking that no longer matches its goal, and its QStash message. Returns
 * null when it can no longer be cancelled (already firing or ended): the execution wins.
 */
export async function cancelGoalPrebooking(deps: PrebookingDependencies, prebookingId: string, reason: GoalCancelReason): Promise<Prebooking | null> {
  const { db } = deps;
  const prebooking = await findPrebooking(db, prebookingId);
  if (!prebooking) return null;
  const cancelled = await cancelActive(db, prebooking.id, reason, GOAL_CANCEL_TEXT[reason]);
  if (!cancelled) return null;
  await appendEvent(db, prebooking.id, 'cancelled', { by: 'goal', reason, messageId: prebooking.qstashMessageId });
  if (prebooking.qstashMessageId) {
    try {
      const removed = await deps.publisher.cancelMessage(prebooking.qstashMessageId);
      await appendEvent(db, prebooking.id, 'message_cancelled', { messageId: prebooking.qstashMessageId, found: removed });
    } catch (error) {
      // The execution finds the row cancelled and does nothing, so a surviving message is harmless.
      deps.logger.warn('could not cancel the QStash message of a goal prebooking', { prebookingId, messageId: prebooking.qstashMessageId, error: String(error) });
    }
  }
  deps.logger.info('goal prebooking cancelled', { prebookingId, reason });
  return cancelled;
}

type LinkedRow = Parameters<typeof toPrebooking>[0] & { goal_id: string | null };

const toLinked = (row: LinkedRow): GoalLinkedPrebooking => ({ ...toPrebooking(row), goalId: row.goal_id });

/** Prebookings made by these goals, optionally only for class days from `fromDay` and in `statuses`. */
export async function listGoalPrebookings(
  db: Database,
  goalIds: string[],
  options: { fromDay?: string; statuses?: PrebookingStatus[]; limit?: number } = {},
): Promise<GoalLinkedPrebooking[]> {
  if (goalIds.length === 0) return [];
  let query = db.from('prebookings').select().in('goal_id', goalIds);
  if (options.fromDay) query = query.gte('class_day', options.fromDay);
  if (options.statuses) query = query.in('status', options.statuses);
  const { data, error } = await query.order('class_starts_at').limit(options.limit ?? 500);
  if (error) throw databaseError('read the goal prebookings', error);
  return (data as LinkedRow[]).map(toLinked);
}

/** Every prebooking (manual or goal, any status) a member has for classes on these days. */
export async function listMemberPrebookingsOnDays(db: Database, memberId: string, days: string[]): Promise<GoalLinkedPrebooking[]> {
  if (days.length === 0) return [];
  const { data, error } = await db.from('prebookings').select().eq('member_id', memberId).in('class_day', days).order('created_at');
  if (error) throw databaseError('read your prebookings', error);
  return (data as LinkedRow[]).map(toLinked);
}
