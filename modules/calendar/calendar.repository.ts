import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp } from '@/core/database/row-values';
import type { CalendarEntry } from './calendar.schema';

export interface CalendarFeedRow {
  memberId: string;
  tokenCiphertext: string;
  createdAt: string;
  lastAccessedAt: string | null;
}

interface FeedRow {
  member_id: string;
  token_ciphertext: string;
  created_at: string;
  last_accessed_at: string | null;
}

const toFeed = (row: FeedRow): CalendarFeedRow => ({
  memberId: row.member_id,
  tokenCiphertext: row.token_ciphertext,
  createdAt: toIsoTimestamp(row.created_at),
  lastAccessedAt: toIsoTimestamp(row.last_accessed_at),
});

export async function findFeedByMember(db: Database, memberId: string): Promise<CalendarFeedRow | null> {
  const { data, error } = await db.from('calendar_feeds').select('member_id, token_ciphertext, created_at, last_accessed_at').eq('member_id', memberId).maybeSingle();
  if (error) throw databaseError('read your calendar feed', error);
  return data ? toFeed(data as FeedRow) : null;
}

export async function findFeedMemberByHash(db: Database, tokenHash: string): Promise<string | null> {
  const { data, error } = await db.from('calendar_feeds').select('member_id').eq('token_hash', tokenHash).maybeSingle();
  if (error) throw databaseError('read the calendar feed', error);
  return (data as { member_id: string } | null)?.member_id ?? null;
}

/** One live token per member: saving a new one replaces (revokes) the previous one. */
export async function replaceFeed(db: Database, memberId: string, tokenHash: string, tokenCiphertext: string, now: Date): Promise<CalendarFeedRow> {
  const { data, error } = await db
    .from('calendar_feeds')
    .upsert(
      { member_id: memberId, token_hash: tokenHash, token_ciphertext: tokenCiphertext, created_at: now.toISOString(), last_accessed_at: null },
      { onConflict: 'member_id' },
    )
    .select('member_id, token_ciphertext, created_at, last_accessed_at')
    .single();
  if (error || !data) throw databaseError('create your calendar feed', error);
  return toFeed(data as FeedRow);
}

export async function deleteFeed(db: Database, memberId: string): Promise<boolean> {
  const { data, error } = await db.from('calendar_feeds').delete().eq('member_id', memberId).select('member_id');
  if (error) throw databaseError('revoke your calendar feed', error);
  return (data as unknown[]).length > 0;
}

export async function touchFeed(db: Database, memberId: string, now: Date): Promise<void> {
  const { error } = await db.from('calendar_feeds').update({ last_accessed_at: now.toISOString() }).eq('member_id', memberId);
  if (error) throw databaseError('record the calendar access', error);
}

interface EntryRow {
  id: string;
  class_name: string;
  class_starts_at: string;
  available_at: string;
  status: CalendarEntry['status'];
  result_code: string | null;
  updated_at: string;
  box_id: number | string;
  aimharder_reservation_id: string | null;
  boxes: { display_name: string; time_zone: string } | null;
}

/**
 * The member's booked classes and waiting prebookings with a class start in [from, to]. Reads the
 * prebooking rows directly (the feed is read-only and must stay cheap for calendar apps polling).
 */
export async function listCalendarEntries(db: Database, memberId: string, from: Date, to: Date): Promise<CalendarEntry[]> {
  const { data, error } = await db
    .from('prebookings')
    .select('id, class_name, class_starts_at, available_at, status, result_code, updated_at, box_id, aimharder_reservation_id, boxes(display_name, time_zone)')
    .eq('member_id', memberId)
    .in('status', ['pending', 'scheduled', 'executing', 'completed'])
    .gte('class_starts_at', from.toISOString())
    .lte('class_starts_at', to.toISOString())
    .order('class_starts_at')
    .limit(500);
  if (error) throw databaseError('read your calendar', error);
  return (data as unknown as EntryRow[]).map((row) => ({
    id: row.id,
    className: row.class_name,
    boxName: row.boxes?.display_name ?? 'AimHarder',
    boxTimeZone: row.boxes?.time_zone ?? 'Europe/Madrid',
    classStartsAt: toIsoTimestamp(row.class_starts_at),
    availableAt: toIsoTimestamp(row.available_at),
    status: row.status,
    resultCode: row.result_code,
    updatedAt: toIsoTimestamp(row.updated_at),
    boxId: Number(row.box_id),
    reservationId: row.aimharder_reservation_id,
  }));
}
