import type { Database } from '@/core/database/admin-client';
import type postgres from 'postgres';
import type { DirectDatabase } from '@/core/database/direct-database';
import { databaseError, isUniqueViolation } from '@/core/database/database-error';
import { toIsoTimestamp, toNumber } from '@/core/database/row-values';
import {
  ACTIVE_STATUSES,
  parseStoredAlternatives,
  parseStoredReplacedBooking,
  type AdminListQuery,
  type PrebookingAlternative,
  type Prebooking,
  type PrebookingEvent,
  type PrebookingStatus,
  type ReplacedBooking,
} from './prebooking.schema';
import { boxFromRow, credentialsFromRow, type Box, type MemberAccess } from '@/modules/members';

interface PrebookingRow {
  id: string;
  member_id: string;
  box_id: number | string;
  aimharder_class_id: string;
  class_day: string;
  class_start_time: string;
  class_starts_at: string;
  class_name: string;
  waitlist_if_full: boolean;
  available_at: string;
  fire_at: string;
  status: PrebookingStatus;
  qstash_schedule_id: string | null;
  attempt_count: number | string;
  result_code: string | null;
  result_message: string | null;
  aimharder_reservation_id: string | null;
  delivered_at: string | null;
  fired_at: string | null;
  responded_at: string | null;
  lease_token: string | null;
  lease_expires_at: string | null;
  fire_committed_at: string | null;
  source: 'manual' | 'goal';
  alternatives?: unknown;
  booked_choice?: number | string | null;
  booked_choice_offset_ms?: number | string | null;
  created_at: string;
  updated_at: string;
  booked_at?: string | null;
  booked_on_retry?: boolean | null;
  dismissed_at?: string | null;
  replaces_booking?: unknown;
}

export function toPrebooking(row: PrebookingRow): Prebooking {
  const availableAt = toIsoTimestamp(row.available_at);
  const firedAt = toIsoTimestamp(row.fired_at);
  const bookedAt = toIsoTimestamp(row.booked_at ?? null);
  return {
    id: row.id,
    memberId: row.member_id,
    boxId: toNumber(row.box_id),
    classId: row.aimharder_class_id,
    classDay: row.class_day.slice(0, 10),
    classStartTime: row.class_start_time,
    classStartsAt: toIsoTimestamp(row.class_starts_at),
    className: row.class_name,
    waitlistIfFull: row.waitlist_if_full,
    availableAt,
    fireAt: toIsoTimestamp(row.fire_at),
    status: row.status,
    qstashMessageId: row.qstash_schedule_id,
    attemptCount: toNumber(row.attempt_count),
    resultCode: row.result_code,
    resultMessage: row.result_message,
    reservationId: row.aimharder_reservation_id,
    deliveredAt: toIsoTimestamp(row.delivered_at),
    firedAt,
    respondedAt: toIsoTimestamp(row.responded_at),
    leaseToken: row.lease_token,
    leaseExpiresAt: toIsoTimestamp(row.lease_expires_at),
    fireCommittedAt: toIsoTimestamp(row.fire_committed_at),
    source: row.source,
    alternatives: parseStoredAlternatives(row.alternatives),
    bookedChoice: row.booked_choice === null || row.booked_choice === undefined ? null : toNumber(row.booked_choice),
    bookedChoiceOffsetMs: row.booked_choice_offset_ms === null || row.booked_choice_offset_ms === undefined ? null : toNumber(row.booked_choice_offset_ms),
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
    fireOffsetMs: firedAt ? new Date(firedAt).getTime() - new Date(availableAt).getTime() : null,
    bookedAt,
    bookedOnRetry: row.booked_on_retry === true,
    bookedOffsetMs: bookedAt ? new Date(bookedAt).getTime() - new Date(availableAt).getTime() : null,
    dismissedAt: toIsoTimestamp(row.dismissed_at ?? null),
    replacesBooking: parseStoredReplacedBooking(row.replaces_booking),
  };
}

export interface NewPrebooking {
  memberId: string;
  boxId: number;
  classId: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: Date;
  className: string;
  waitlistIfFull: boolean;
  availableAt: Date;
  fireAt: Date;
  source: 'manual' | 'goal';
  /** The goal that made it (source 'goal'). */
  goalId?: string | null;
  /** Second choices, in order (issue 17). */
  alternatives?: PrebookingAlternative[];
  /** The same-hour booking to swap for this class at the opening instant. */
  replacesBooking?: ReplacedBooking | null;
}

/** Inserts a `pending` prebooking; returns null when the member already has an active one for the class. */
export async function insertPrebooking(db: Database, input: NewPrebooking): Promise<Prebooking | null> {
  const { data, error } = await db
    .from('prebookings')
    .insert({
      member_id: input.memberId,
      box_id: input.boxId,
      aimharder_class_id: input.classId,
      class_day: input.classDay,
      class_start_time: input.classStartTime,
      class_starts_at: input.classStartsAt.toISOString(),
      class_name: input.className,
      waitlist_if_full: input.waitlistIfFull,
      available_at: input.availableAt.toISOString(),
      fire_at: input.fireAt.toISOString(),
      status: 'pending',
      source: input.source,
      ...(input.goalId ? { goal_id: input.goalId } : {}),
      ...(input.alternatives && input.alternatives.length > 0 ? { alternatives: input.alternatives } : {}),
      ...(input.replacesBooking ? { replaces_booking: input.replacesBooking } : {}),
    })
    .select()
    .single();
  if (isUniqueViolation(error)) return null;
  if (error || !data) throw databaseError('save the prebooking', error);
  return toPrebooking(data as PrebookingRow);
}

/** What became of the replaced booking at the instant; only while this execution holds the lease. */
export async function recordSwap(db: Database, id: string, leaseToken: string, replaced: ReplacedBooking): Promise<void> {
  const { error } = await db.from('prebookings').update({ replaces_booking: replaced }).eq('id', id).eq('lease_token', leaseToken);
  if (error) throw databaseError('record the replaced booking', error);
}

export async function findPrebooking(db: Database, id: string): Promise<Prebooking | null> {
  const { data, error } = await db.from('prebookings').select().eq('id', id).maybeSingle();
  if (error) throw databaseError('read the prebooking', error);
  return data ? toPrebooking(data as PrebookingRow) : null;
}

export async function findActivePrebooking(db: Database, memberId: string, classId: string, classDay: string): Promise<Prebooking | null> {
  const { data, error } = await db
    .from('prebookings')
    .select()
    .eq('member_id', memberId)
    .eq('aimharder_class_id', classId)
    .eq('class_day', classDay)
    .in('status', ACTIVE_STATUSES)
    .maybeSingle();
  if (error) throw databaseError('read the prebooking', error);
  return data ? toPrebooking(data as PrebookingRow) : null;
}

/** Active prebookings by other members for the same class and opening: they fire before this one. */
export async function countActiveForSameOpening(db: Database, boxId: number, classId: string, classDay: string): Promise<number> {
  const { count, error } = await db
    .from('prebookings')
    .select('id', { count: 'exact', head: true })
    .eq('box_id', boxId)
    .eq('aimharder_class_id', classId)
    .eq('class_day', classDay)
    .in('status', ACTIVE_STATUSES);
  if (error) throw databaseError('count prebookings', error);
  return count ?? 0;
}

/** Guarded update: applies only while the row is in one of `fromStatuses` (and holds `leaseToken`, if given). */
async function transition(
  db: Database,
  id: string,
  fromStatuses: PrebookingStatus[],
  changes: Record<string, unknown>,
  guard: { leaseToken?: string; fireNotCommitted?: boolean } = {},
): Promise<Prebooking | null> {
  let query = db.from('prebookings').update(changes).eq('id', id).in('status', fromStatuses);
  if (guard.leaseToken) query = query.eq('lease_token', guard.leaseToken);
  if (guard.fireNotCommitted) query = query.is('fire_committed_at', null);
  const { data, error } = await query.select();
  if (error) throw databaseError('update the prebooking', error);
  const rows = data as PrebookingRow[];
  return rows[0] ? toPrebooking(rows[0]) : null;
}

export function markScheduled(db: Database, id: string, messageId: string | null): Promise<Prebooking | null> {
  return transition(db, id, ['pending', 'scheduled'], { status: 'scheduled', qstash_schedule_id: messageId });
}

export function replaceMessageId(db: Database, id: string, messageId: string, fromStatuses: PrebookingStatus[] = ['scheduled']): Promise<Prebooking | null> {
  return transition(db, id, fromStatuses, { qstash_schedule_id: messageId });
}

/**
 * Swaps the armed QStash message of a waiting prebooking for another (a re-arm), only while nothing
 * moved it since it was read: still `scheduled`, not delivered, not committed to fire, same fire
 * instant, same message.
 */
export async function swapArmedMessage(db: Database, read: Pick<Prebooking, 'id' | 'fireAt' | 'qstashMessageId'>, messageId: string): Promise<boolean> {
  let query = db
    .from('prebookings')
    .update({ qstash_schedule_id: messageId })
    .eq('id', read.id)
    .eq('status', 'scheduled')
    .is('delivered_at', null)
    .is('fire_committed_at', null)
    .eq('fire_at', read.fireAt);
  query = read.qstashMessageId === null ? query.is('qstash_schedule_id', null) : query.eq('qstash_schedule_id', read.qstashMessageId);
  const { data, error } = await query.select('id');
  if (error) throw databaseError('re-arm the prebooking', error);
  return (data as unknown[]).length > 0;
}

export interface ClaimResult {
  prebooking: Prebooking;
  previousStatus: PrebookingStatus;
  /** Read in the same statement, so that a late delivery books after one database round trip. */
  box: Box | null;
  access: MemberAccess | null;
}

/**
 * Atomic claim in the database (see claim_prebooking in the migrations). With `commitMs`, a claim
 * made that close to the fire instant also closes the cancel window (`fireCommittedAt` is set).
 */
export async function claimPrebooking(direct: DirectDatabase, id: string, now: Date, leaseMs: number, commitMs: number | null = null): Promise<ClaimResult | null> {
  // Over the direct connection: the only database round trip before a late delivery's booking request.
  const data = await directCall(
    'claim the prebooking',
    direct`select claim_prebooking(${id}::uuid, ${now.toISOString()}::timestamptz, ${leaseMs}::integer, ${commitMs}::integer) as result`,
  );
  if (!data) return null;
  const result = data as {
    prebooking: PrebookingRow;
    previous_status: PrebookingStatus;
    box: unknown;
    member_email: string | null;
    credentials: Parameters<typeof credentialsFromRow>[0] | null;
  };
  return {
    prebooking: toPrebooking(result.prebooking),
    previousStatus: result.previous_status,
    box: result.box ? boxFromRow(result.box) : null,
    access: result.member_email ? { email: result.member_email, credentials: result.credentials ? credentialsFromRow(result.credentials) : null } : null,
  };
}

/** Closes the cancel window: from now on this execution will send the booking request. */
export async function commitFire(db: Database, id: string, leaseToken: string, now: Date): Promise<boolean> {
  return (await transition(db, id, ['executing'], { fire_committed_at: now.toISOString() }, { leaseToken })) !== null;
}

export interface Outcome {
  status: 'completed' | 'failed';
  resultCode: string;
  resultMessage: string;
  reservationId?: string | null;
  respondedAt?: Date | null;
  /** When the request that got the place was sent; null when we did not see it happen (found held). */
  bookedAt?: Date | null;
  /** That request was not the prebooking's first fire (a retry after a failure, a redelivery). */
  bookedOnRetry?: boolean;
}

/**
 * Right after an execution's last booking answer, in one round trip over the direct connection
 * (record_prebooking_fire): the instant of its first request, unless one is recorded already, and
 * its timeline so far. False when the lease is no longer this execution's: then nothing is written.
 */
export async function recordFire(direct: DirectDatabase, id: string, leaseToken: string, firedAt: Date, events: PendingEvent[]): Promise<boolean> {
  const recorded = await directCall(
    'record the fire time',
    direct`select record_prebooking_fire(${id}::uuid, ${leaseToken}::uuid, ${firedAt.toISOString()}::timestamptz, ${direct.json(eventsJson(events))}) as result`,
  );
  return recorded === true;
}

/**
 * Ends an execution that still holds its lease, with its last timeline events, in one round trip
 * over the direct connection (finish_prebooking_execution). Null when the lease was lost meanwhile
 * (cancelled, or reclaimed after it expired): then nothing is written.
 */
export async function finishExecution(direct: DirectDatabase, id: string, leaseToken: string, outcome: Outcome, events: PendingEvent[]): Promise<Prebooking | null> {
  const stored = {
    status: outcome.status,
    result_code: outcome.resultCode,
    result_message: outcome.resultMessage,
    reservation_id: outcome.reservationId ?? null,
    responded_at: outcome.respondedAt?.toISOString() ?? null,
    booked_at: outcome.bookedAt?.toISOString() ?? null,
    booked_on_retry: outcome.bookedOnRetry ?? false,
  };
  const finished = await directCall(
    'record the outcome',
    direct`select finish_prebooking_execution(${id}::uuid, ${leaseToken}::uuid, ${direct.json(stored)}, ${direct.json(eventsJson(events))}) as result`,
  );
  return finished ? toPrebooking(finished as PrebookingRow) : null;
}

/** The value of a one-function `select … as result` over the direct connection; a failure as a database error naming `action`. */
async function directCall(action: string, query: PromiseLike<Array<{ result?: unknown }>>): Promise<unknown> {
  try {
    const [row] = await query;
    return row?.result ?? null;
  } catch (error) {
    throw databaseError(action, error as Error);
  }
}

/** Timeline events as the recording functions read them (a jsonb array; postgres.js encodes it). */
function eventsJson(events: PendingEvent[]): postgres.JSONValue {
  return events.map((event) => ({ type: event.type, detail: event.detail as postgres.JSONValue, occurred_at: event.occurredAt.toISOString() }));
}

/** Gives the prebooking back to the scheduler after a transient failure (QStash will retry). */
export function releaseClaim(db: Database, id: string, leaseToken: string, lastError: { code: string; message: string }): Promise<Prebooking | null> {
  return transition(
    db,
    id,
    ['executing'],
    { status: 'scheduled', lease_token: null, lease_expires_at: null, fire_committed_at: null, result_code: lastError.code, result_message: lastError.message },
    { leaseToken },
  );
}

export function cancelActive(db: Database, id: string, code: string, message: string): Promise<Prebooking | null> {
  return (
    transition(db, id, ['pending', 'scheduled'], { status: 'cancelled', result_code: code, result_message: message }).then(
      (row) =>
        row ??
        // An execution that has not committed to fire yet can still be cancelled: its guarded
        // updates (lease token + status) will then find nothing and it stops before sending.
        transition(db, id, ['executing'], { status: 'cancelled', result_code: code, result_message: message, lease_token: null, lease_expires_at: null }, { fireNotCommitted: true }),
    )
  );
}

/** Fails a prebooking that is not terminal yet, whatever holds it (failure callback, sweep). */
export function failActive(db: Database, id: string, code: string, message: string): Promise<Prebooking | null> {
  return transition(db, id, ACTIVE_STATUSES, {
    status: 'failed',
    result_code: code,
    result_message: message,
    lease_token: null,
    lease_expires_at: null,
  });
}

export async function reschedule(db: Database, id: string, leaseToken: string, availableAt: Date, fireAt: Date): Promise<Prebooking | null> {
  return transition(
    db,
    id,
    ['executing'],
    { status: 'scheduled', available_at: availableAt.toISOString(), fire_at: fireAt.toISOString(), lease_token: null, lease_expires_at: null, fire_committed_at: null },
    { leaseToken },
  );
}

export interface PendingEvent {
  type: string;
  detail: Record<string, unknown>;
  occurredAt: Date;
}

/** Several timeline events in one round trip, each with the instant it actually happened. */
export async function appendEvents(db: Database, prebookingId: string, events: PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({ prebooking_id: prebookingId, type: event.type, detail: event.detail, occurred_at: event.occurredAt.toISOString() }));
  const { error } = await db.from('prebooking_events').insert(rows);
  if (error) throw databaseError('record the prebooking events', error);
}

export async function appendEvent(db: Database, prebookingId: string, type: string, detail: Record<string, unknown> = {}): Promise<void> {
  const { error } = await db.from('prebooking_events').insert({ prebooking_id: prebookingId, type, detail });
  if (error) throw databaseError('record the prebooking event', error);
}

export async function listEvents(db: Database, prebookingId: string): Promise<PrebookingEvent[]> {
  const { data, error } = await db.from('prebooking_events').select().eq('prebooking_id', prebookingId).order('id');
  if (error) throw databaseError('read the prebooking timeline', error);
  return (data as Array<{ id: number | string; prebooking_id: string; type: string; detail: Record<string, unknown>; occurred_at: string }>).map((row) => ({
    id: toNumber(row.id),
    prebookingId: row.prebooking_id,
    type: row.type,
    detail: row.detail ?? {},
    occurredAt: toIsoTimestamp(row.occurred_at),
  }));
}

export async function listMemberPrebookings(db: Database, memberId: string, scope: 'upcoming' | 'past' | 'all', now: Date): Promise<Prebooking[]> {
  let query = db.from('prebookings').select().eq('member_id', memberId);
  if (scope === 'upcoming') query = query.gte('class_starts_at', now.toISOString());
  if (scope === 'past') query = query.lt('class_starts_at', now.toISOString());
  const { data, error } = await query.order('class_starts_at', { ascending: scope !== 'past' }).limit(200);
  if (error) throw databaseError('list your prebookings', error);
  return (data as PrebookingRow[]).map(toPrebooking);
}

export async function listAllPrebookings(db: Database, filter: AdminListQuery): Promise<{ items: Prebooking[]; total: number }> {
  let query = db.from('prebookings').select('*', { count: 'exact' });
  if (filter.status) query = query.eq('status', filter.status);
  if (filter.boxId) query = query.eq('box_id', filter.boxId);
  if (filter.memberId) query = query.eq('member_id', filter.memberId);
  if (filter.from) query = query.gte('class_day', filter.from);
  if (filter.to) query = query.lte('class_day', filter.to);
  const start = (filter.page - 1) * filter.pageSize;
  const { data, error, count } = await query.order('available_at', { ascending: false }).order('created_at').range(start, start + filter.pageSize - 1);
  // Asking for a page past the end is an empty page, not an error.
  if (error && (error as { code?: string }).code === 'PGRST103') return { items: [], total: count ?? 0 };
  if (error) throw databaseError('list prebookings', error);
  return { items: (data as PrebookingRow[]).map(toPrebooking), total: count ?? 0 };
}

/** Prebookings the sweep must look at: anything active whose fire instant is behind or near. */
/** Other active prebookings firing within `windowMs` of `fireAt` (any box): the crowd of that instant. */
export async function countActiveFiringAround(db: Database, fireAt: string, windowMs: number, excludeId: string): Promise<number> {
  const fireAtMs = new Date(fireAt).getTime();
  const { count, error } = await db
    .from('prebookings')
    .select('id', { count: 'exact', head: true })
    .in('status', ACTIVE_STATUSES)
    .gte('fire_at', new Date(fireAtMs - windowMs).toISOString())
    .lte('fire_at', new Date(fireAtMs + windowMs).toISOString())
    .neq('id', excludeId);
  if (error) throw databaseError('count the prebookings of an instant', error);
  return count ?? 0;
}

export async function listActiveFiringBefore(db: Database, before: Date, limit = 500): Promise<Prebooking[]> {
  const { data, error } = await db
    .from('prebookings')
    .select()
    .in('status', ACTIVE_STATUSES)
    .lte('fire_at', before.toISOString())
    .order('fire_at')
    .limit(limit);
  if (error) throw databaseError('find prebookings to sweep', error);
  return (data as PrebookingRow[]).map(toPrebooking);
}

export async function listFiredBetween(db: Database, from: Date, to: Date): Promise<Prebooking[]> {
  const { data, error } = await db
    .from('prebookings')
    .select()
    .gte('available_at', from.toISOString())
    .lte('available_at', to.toISOString())
    .order('available_at')
    .limit(5000);
  if (error) throw databaseError('read prebooking statistics', error);
  return (data as PrebookingRow[]).map(toPrebooking);
}
