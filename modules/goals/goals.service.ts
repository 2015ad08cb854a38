import { AppError } from '@/core/http/app-error';
import type { Locale } from '@/modules/i18n';
import { findBox, isBoxMember, listMemberBoxes, listMembersByIds, type Member } from '@/modules/members';
import { ACTIVE_STATUSES, cancelGoalPrebooking, listGoalPrebookings, type GoalLinkedPrebooking } from '@/modules/prebooking';
import { MAX_GOALS_PER_MEMBER, type GoalsDependencies } from './goals-dependencies';
import { countMemberGoals, deleteGoalRow, deleteOccurrencesFrom, findGoal, listGoals, listOccurrences, saveGoal } from './goals.repository';
import type { CreateGoalInput, Goal, GoalAlternative, GoalFields, GoalOccurrence, UpdateGoalInput } from './goals.schema';
import { bookOpenClasses, type OpenClassBooking } from './book-open-classes.service';
import { findDuplicateGoal, goalTitle } from './duplicate-goal';
import { localDay } from './local-day';
import { cancelStalePrebookings, materializeGoal, type MaterializeReport } from './materialize-goal.service';

/** What the goals page and the API show of a prebooking a goal made. */
export interface GoalPrebookingSummary {
  id: string;
  classDay: string;
  classStartTime: string;
  className: string;
  status: string;
  resultCode: string | null;
  resultMessage: string | null;
  availableAt: string;
  classStartsAt: string;
  /** Its fallbacks, in order (from the goal's "else 19:00 WOD"). */
  alternatives: Array<{ classStartTime: string; className: string }>;
}

export interface GoalView extends Goal {
  boxName: string;
  /** The goal's prebookings for today and later (waiting, booked, failed, cancelled). */
  prebookings: GoalPrebookingSummary[];
  /** What the runs decided for today and later class days, and why. */
  occurrences: GoalOccurrence[];
}

export interface SaveGoalResult {
  goal: GoalView;
  run: MaterializeReport;
  /** Prebookings this edit cancelled because they no longer match. */
  cancelled: number;
  /** What "book if open" did with the goal's classes already open (empty without the option). */
  bookedNow: OpenClassBooking[];
}

/** How a save is answered: the member's language for AimHarder's answers to "book if open". */
export interface SaveGoalOptions {
  locale: Locale;
}

const summarise = (prebooking: GoalLinkedPrebooking): GoalPrebookingSummary => ({
  id: prebooking.id,
  classDay: prebooking.classDay,
  classStartTime: prebooking.classStartTime,
  className: prebooking.className,
  status: prebooking.status,
  resultCode: prebooking.resultCode,
  resultMessage: prebooking.resultMessage,
  availableAt: prebooking.availableAt,
  classStartsAt: prebooking.classStartsAt,
  alternatives: prebooking.alternatives.map((alternative) => ({ classStartTime: alternative.classStartTime, className: alternative.className })),
});

async function toViews(deps: GoalsDependencies, goals: Goal[]): Promise<GoalView[]> {
  if (goals.length === 0) return [];
  // Madrid is where every AimHarder box we know of is; a day of slack covers the Canaries too.
  const fromDay = localDay(deps.clock.now() - 86_400_000, 'Europe/Madrid');
  const ids = goals.map((goal) => goal.id);
  const [prebookings, occurrences, boxNames] = await Promise.all([
    listGoalPrebookings(deps.db, ids, { fromDay }),
    listOccurrences(deps.db, ids, fromDay),
    boxNamesFor(deps, [...new Set(goals.map((goal) => goal.boxId))]),
  ]);
  return goals.map((goal) => ({
    ...goal,
    boxName: boxNames.get(goal.boxId) ?? `Box ${goal.boxId}`,
    prebookings: prebookings.filter((prebooking) => prebooking.goalId === goal.id).map(summarise),
    occurrences: occurrences.filter((occurrence) => occurrence.goalId === goal.id),
  }));
}

async function boxNamesFor(deps: GoalsDependencies, boxIds: number[]): Promise<Map<number, string>> {
  const boxes = await Promise.all(boxIds.map((boxId) => findBox(deps.db, boxId)));
  return new Map(boxes.filter((box) => box !== null).map((box) => [box.boxId, box.name]));
}

async function requireOwnGoal(deps: GoalsDependencies, member: Member, goalId: string): Promise<Goal> {
  const goal = await findGoal(deps.db, goalId);
  // Someone else's goal is "not found": its existence is not theirs to learn.
  if (!goal || goal.memberId !== member.id) throw new AppError({ code: 'not_found', message: `Goal ${goalId} not found.` });
  return goal;
}

async function assertBoxMember(deps: GoalsDependencies, member: Member, boxId: number): Promise<void> {
  if (!(await isBoxMember(deps.db, member.id, boxId))) {
    throw new AppError({ code: 'not_found', message: `You are not a member of box ${boxId}.`, fields: { boxId: ['is not one of your boxes'] } });
  }
}

export async function listGoalsForMember(deps: GoalsDependencies, member: Member): Promise<GoalView[]> {
  return toViews(deps, await listGoals(deps.db, { memberId: member.id }));
}

export async function getGoalForMember(deps: GoalsDependencies, member: Member, goalId: string): Promise<GoalView> {
  const [view] = await toViews(deps, [await requireOwnGoal(deps, member, goalId)]);
  return view!;
}

/** Boxes a member can set goals for (the goals page's box picker). */
export function listGoalBoxes(deps: GoalsDependencies, member: Member) {
  return listMemberBoxes(deps.db, member.id);
}

/**
 * Saves a new goal, then runs it once right away so the member sees its first prebookings (or why
 * there are none). A failing first run never loses the goal: the daily run catches up.
 */
export async function createGoal(deps: GoalsDependencies, member: Member, input: CreateGoalInput, options: SaveGoalOptions = { locale: 'en' }): Promise<SaveGoalResult> {
  await assertBoxMember(deps, member, input.boxId);
  if ((await countMemberGoals(deps.db, member.id)) >= MAX_GOALS_PER_MEMBER) {
    throw new AppError({ code: 'conflict', reason: 'too_many_goals', message: `You can have at most ${MAX_GOALS_PER_MEMBER} goals. Delete one first.` });
  }
  await assertNotDuplicate(deps, member, fieldsOf(input), null);
  const goalId = await saveGoal(deps.db, member.id, null, fieldsOf(input), input.skips);
  if (!goalId) throw new AppError({ code: 'unavailable', message: 'The goal could not be saved. Please try again.' });
  deps.logger.info('goal created', { goalId, memberId: member.id });
  const run = await runSafely(deps, goalId);
  const bookedNow = await bookIfOpen(deps, member, input.bookIfOpen, run, options);
  return { goal: await getGoalForMember(deps, member, goalId), run, cancelled: 0, bookedNow };
}

/**
 * Edits, pauses or resumes a goal: the future prebookings it made that no longer match are
 * cancelled (with their QStash messages), manual prebookings are left alone, and the goal runs
 * again for what now matches.
 */
export async function updateGoal(deps: GoalsDependencies, member: Member, goalId: string, patch: UpdateGoalInput, options: SaveGoalOptions = { locale: 'en' }): Promise<SaveGoalResult> {
  const current = await requireOwnGoal(deps, member, goalId);
  if (patch.boxId !== undefined && patch.boxId !== current.boxId) await assertBoxMember(deps, member, patch.boxId);
  const fields: GoalFields = {
    boxId: patch.boxId ?? current.boxId,
    weekdays: patch.weekdays ?? current.weekdays,
    startTime: patch.startTime ?? current.startTime,
    className: patch.className ?? current.className,
    classNameMatch: patch.classNameMatch ?? current.classNameMatch,
    waitlistIfFull: patch.waitlistIfFull ?? current.waitlistIfFull,
    active: patch.active ?? current.active,
    alternatives: patch.alternatives ?? current.alternatives,
    bookIfOpen: patch.bookIfOpen ?? current.bookIfOpen,
  };
  assertFallbacksDiffer(fields);
  await assertNotDuplicate(deps, member, fields, goalId);
  const saved = await saveGoal(deps.db, member.id, goalId, fields, patch.skips ?? null);
  if (!saved) throw new AppError({ code: 'not_found', message: `Goal ${goalId} not found.` });
  const updated = (await findGoal(deps.db, goalId))!;
  // A prebooking cannot gain a fallback: when the list changes, its prebookings are made again with it.
  const cancelled = await cancelStalePrebookings(deps, updated, { all: !sameAlternatives(current.alternatives, fields.alternatives) });
  await deleteOccurrencesFrom(deps.db, goalId, localDay(deps.clock.now(), 'Europe/Madrid'));
  deps.logger.info('goal updated', { goalId, memberId: member.id, cancelled, active: updated.active });
  const run = await runSafely(deps, goalId);
  const bookedNow = await bookIfOpen(deps, member, updated.bookIfOpen && updated.active, run, options);
  return { goal: await getGoalForMember(deps, member, goalId), run, cancelled, bookedNow };
}

/** Deletes a goal: its waiting prebookings are cancelled first; past ones stay in the history. */
export async function deleteGoal(deps: GoalsDependencies, member: Member, goalId: string): Promise<{ deleted: true; cancelled: number }> {
  const goal = await requireOwnGoal(deps, member, goalId);
  const active = await listGoalPrebookings(deps.db, [goal.id], { statuses: ACTIVE_STATUSES });
  let cancelled = 0;
  for (const prebooking of active) {
    if (await cancelGoalPrebooking(deps.prebooking, prebooking.id, 'goal_deleted')) cancelled += 1;
  }
  await deleteGoalRow(deps.db, goal.id, member.id);
  deps.logger.info('goal deleted', { goalId, memberId: member.id, cancelled });
  return { deleted: true, cancelled };
}

export interface AdminGoalView extends GoalView {
  member: { id: string; email: string; displayName: string } | null;
}

/** Goals of one member (or of everyone), for admins. */
export async function listGoalsForAdmin(deps: GoalsDependencies, admin: Member, filter: { memberId?: string }): Promise<AdminGoalView[]> {
  if (admin.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can see every goal.' });
  const views = await toViews(deps, await listGoals(deps.db, filter));
  const members = await listMembersByIds(deps.db, [...new Set(views.map((view) => view.memberId))]);
  const byId = new Map(members.map((member) => [member.id, { id: member.id, email: member.email, displayName: member.displayName }]));
  return views.map((view) => ({ ...view, member: byId.get(view.memberId) ?? null }));
}

/** A second copy of a goal used to be accepted silently: refused, naming the goal it duplicates. */
async function assertNotDuplicate(deps: GoalsDependencies, member: Member, fields: GoalFields, excludeId: string | null): Promise<void> {
  const duplicate = findDuplicateGoal(await listGoals(deps.db, { memberId: member.id }), fields, excludeId);
  if (duplicate) {
    throw new AppError({
      code: 'conflict',
      reason: 'duplicate_goal',
      message: `You already have this goal: “${goalTitle(duplicate)}” (goal ${duplicate.id}).`,
    });
  }
}

function fieldsOf(input: CreateGoalInput): GoalFields {
  return {
    boxId: input.boxId,
    weekdays: input.weekdays,
    startTime: input.startTime,
    className: input.className,
    classNameMatch: input.classNameMatch,
    waitlistIfFull: input.waitlistIfFull,
    active: input.active,
    alternatives: input.alternatives,
    bookIfOpen: input.bookIfOpen,
  };
}

const sameAlternatives = (a: GoalAlternative[], b: GoalAlternative[]) =>
  a.length === b.length && a.every((alternative, index) => alternative.startTime === b[index]!.startTime && alternative.className === b[index]!.className);

/** A patch of the fallbacks alone is checked against the stored first choice (the schema sees only the patch). */
function assertFallbacksDiffer(fields: GoalFields): void {
  const problems: Record<string, string[]> = {};
  fields.alternatives.forEach((alternative, index) => {
    if (alternative.startTime === fields.startTime && alternative.className.trim().toLocaleLowerCase('es') === fields.className.trim().toLocaleLowerCase('es')) {
      problems[`alternatives.${index}`] = ['is the goal’s own class; a fallback must be another class'];
    }
  });
  if (Object.keys(problems).length > 0) throw new AppError({ code: 'validation', message: 'A fallback class is the goal’s own class.', fields: problems });
}

/**
 * The goal's classes already open when it is saved: booked now when the member ticked "book if
 * open"; otherwise they stay in `run.openNow`, offered as "Book now". Booked or refused, an offer
 * is answered once: pressing Book now after a "full" would only ask again.
 */
async function bookIfOpen(deps: GoalsDependencies, member: Member, wanted: boolean, run: MaterializeReport, options: SaveGoalOptions): Promise<OpenClassBooking[]> {
  if (!wanted || run.openNow.length === 0) return [];
  const bookedNow = await bookOpenClasses(deps, member, run.openNow, options.locale);
  run.openNow = [];
  return bookedNow;
}

async function runSafely(deps: GoalsDependencies, goalId: string): Promise<MaterializeReport> {
  try {
    return await materializeGoal(deps, goalId, { offerOpenClasses: true });
  } catch (error) {
    deps.logger.warn('immediate goal run failed; the daily run will catch up', { goalId, error: String(error) });
    return { goalId, memberId: null, evaluated: 0, created: 0, occurrences: [], note: 'The first run did not go through; the daily run will try again.', openNow: [] };
  }
}
