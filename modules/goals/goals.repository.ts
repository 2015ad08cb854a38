import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp, toNumber } from '@/core/database/row-values';
import { goalAlternativeSchema, MAX_GOAL_ALTERNATIVES, type ClassNameMatch, type Goal, type GoalAlternative, type GoalFields, type GoalOccurrence, type OccurrenceOutcome } from './goals.schema';

interface GoalRow {
  id: string;
  member_id: string;
  box_id: number | string;
  weekdays: Array<number | string>;
  start_time: string;
  class_name: string;
  class_name_match: ClassNameMatch;
  waitlist_if_full: boolean;
  status: 'active' | 'paused';
  alternatives?: unknown;
  book_if_open?: boolean | null;
  revision: number | string;
  last_materialized_at: string | null;
  last_run_error: string | null;
  created_at: string;
  updated_at: string;
  goal_skip_dates?: Array<{ starts_on: string; ends_on: string; note: string | null }>;
}

const GOAL_SELECT = '*, goal_skip_dates(starts_on, ends_on, note)';

/** Stored fallbacks, read defensively: a row that does not parse has none (a run never crashes on it). */
function parseAlternatives(value: unknown): GoalAlternative[] {
  let raw = value;
  if (typeof value === 'string') {
    try {
      raw = JSON.parse(value);
    } catch {
      return [];
    }
  }
  const parsed = goalAlternativeSchema.array().max(MAX_GOAL_ALTERNATIVES).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

function toGoal(row: GoalRow): Goal {
  return {
    id: row.id,
    memberId: row.member_id,
    boxId: toNumber(row.box_id),
    weekdays: row.weekdays.map(Number).sort((a, b) => a - b),
    startTime: row.start_time,
    className: row.class_name,
    classNameMatch: row.class_name_match,
    waitlistIfFull: row.waitlist_if_full,
    active: row.status === 'active',
    alternatives: parseAlternatives(row.alternatives),
    bookIfOpen: row.book_if_open === true,
    revision: toNumber(row.revision),
    skips: (row.goal_skip_dates ?? [])
      .map((skip) => ({ from: skip.starts_on.slice(0, 10), to: skip.ends_on.slice(0, 10), note: skip.note }))
      .sort((a, b) => a.from.localeCompare(b.from)),
    lastMaterializedAt: toIsoTimestamp(row.last_materialized_at),
    lastRunError: row.last_run_error,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/**
 * Creates (goalId null) or updates a goal and, when `skips` is given, replaces its skip dates, in
 * one transaction (save_goal in the migration). Returns the id; null when the goal is not the member's.
 */
export async function saveGoal(
  db: Database,
  memberId: string,
  goalId: string | null,
  fields: GoalFields,
  skips: Array<{ from: string; to?: string; note?: string | null }> | null,
): Promise<string | null> {
  const { data, error } = await db.rpc('save_goal', {
    p_goal_id: goalId,
    p_member_id: memberId,
    p_goal: {
      box_id: fields.boxId,
      weekdays: fields.weekdays,
      start_time: fields.startTime,
      class_name: fields.className,
      class_name_match: fields.classNameMatch,
      waitlist_if_full: fields.waitlistIfFull,
      status: fields.active ? 'active' : 'paused',
      alternatives: fields.alternatives.map((alternative) => ({ startTime: alternative.startTime, className: alternative.className })),
      book_if_open: fields.bookIfOpen,
    },
    p_skips: skips === null ? null : skips.map((skip) => ({ from: skip.from, to: skip.to ?? skip.from, note: skip.note ?? '' })),
  });
  if (error) throw databaseError('save the goal', error);
  return (data as string | null) ?? null;
}

export async function findGoal(db: Database, goalId: string): Promise<Goal | null> {
  const { data, error } = await db.from('goals').select(GOAL_SELECT).eq('id', goalId).maybeSingle();
  if (error) throw databaseError('read the goal', error);
  return data ? toGoal(data as unknown as GoalRow) : null;
}

export async function listGoals(db: Database, filter: { memberId?: string } = {}): Promise<Goal[]> {
  let query = db.from('goals').select(GOAL_SELECT);
  if (filter.memberId) query = query.eq('member_id', filter.memberId);
  const { data, error } = await query.order('created_at').limit(500);
  if (error) throw databaseError('list the goals', error);
  return (data as unknown as GoalRow[]).map(toGoal);
}

export async function countMemberGoals(db: Database, memberId: string): Promise<number> {
  const { count, error } = await db.from('goals').select('id', { count: 'exact', head: true }).eq('member_id', memberId);
  if (error) throw databaseError('count your goals', error);
  return count ?? 0;
}

export async function listActiveGoalIds(db: Database): Promise<string[]> {
  const { data, error } = await db.from('goals').select('id').eq('status', 'active').order('created_at').limit(10_000);
  if (error) throw databaseError('list the active goals', error);
  return (data as Array<{ id: string }>).map((row) => row.id);
}

export async function deleteGoalRow(db: Database, goalId: string, memberId: string): Promise<boolean> {
  const { data, error } = await db.from('goals').delete().eq('id', goalId).eq('member_id', memberId).select('id');
  if (error) throw databaseError('delete the goal', error);
  return (data as unknown[]).length > 0;
}

export async function recordGoalRun(db: Database, goalId: string, run: { at: Date; error: string | null }): Promise<void> {
  const { error } = await db.from('goals').update({ last_materialized_at: run.at.toISOString(), last_run_error: run.error }).eq('id', goalId);
  if (error) throw databaseError('record the goal run', error);
}

interface OccurrenceRow {
  goal_id: string;
  class_day: string;
  outcome: OccurrenceOutcome;
  aimharder_class_id: string | null;
  prebooking_id: string | null;
  detail: string;
  evaluated_at: string;
}

const toOccurrence = (row: OccurrenceRow): GoalOccurrence => ({
  goalId: row.goal_id,
  classDay: row.class_day.slice(0, 10),
  outcome: row.outcome,
  classId: row.aimharder_class_id,
  prebookingId: row.prebooking_id,
  detail: row.detail,
  evaluatedAt: toIsoTimestamp(row.evaluated_at),
});

export async function upsertOccurrences(db: Database, occurrences: Array<Omit<GoalOccurrence, 'evaluatedAt'>>, now: Date): Promise<void> {
  if (occurrences.length === 0) return;
  const { error } = await db.from('goal_occurrences').upsert(
    occurrences.map((occurrence) => ({
      goal_id: occurrence.goalId,
      class_day: occurrence.classDay,
      outcome: occurrence.outcome,
      aimharder_class_id: occurrence.classId,
      prebooking_id: occurrence.prebookingId,
      detail: occurrence.detail.slice(0, 500),
      evaluated_at: now.toISOString(),
    })),
    { onConflict: 'goal_id,class_day' },
  );
  if (error) throw databaseError('record what the goal did', error);
}

/** Forgets decisions for class days from `fromDay` on: after an edit they are made again. */
export async function deleteOccurrencesFrom(db: Database, goalId: string, fromDay: string): Promise<void> {
  const { error } = await db.from('goal_occurrences').delete().eq('goal_id', goalId).gte('class_day', fromDay);
  if (error) throw databaseError('reset the goal', error);
}

export async function listOccurrences(db: Database, goalIds: string[], fromDay: string): Promise<GoalOccurrence[]> {
  if (goalIds.length === 0) return [];
  const { data, error } = await db.from('goal_occurrences').select().in('goal_id', goalIds).gte('class_day', fromDay).order('class_day').limit(1000);
  if (error) throw databaseError('read what the goals did', error);
  return (data as OccurrenceRow[]).map(toOccurrence);
}
