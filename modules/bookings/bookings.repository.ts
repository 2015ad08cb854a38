import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp, toNumber } from '@/core/database/row-values';
import type { BookingOrigin, MemberBooking } from './bookings.schema';

interface BookingRow {
  member_id: string;
  box_id: number | string;
  reservation_id: string;
  aimharder_class_id: string | null;
  class_day: string;
  class_start_time: string;
  class_end_time: string | null;
  class_starts_at: string;
  class_name: string;
  state: 'booked' | 'waitlisted';
  waitlist_position: number | null;
  waitlist_length: number | null;
  origin: BookingOrigin;
  prebooking_id: string | null;
  first_seen_at: string;
  seen_at: string;
  cancelled_at: string | null;
  boxes?: { display_name: string; time_zone: string } | null;
}

function toBooking(row: BookingRow): MemberBooking {
  return {
    boxId: toNumber(row.box_id),
    boxName: row.boxes?.display_name ?? `Box ${row.box_id}`,
    timeZone: row.boxes?.time_zone ?? 'Europe/Madrid',
    reservationId: row.reservation_id,
    classId: row.aimharder_class_id,
    classDay: row.class_day.slice(0, 10),
    classStartTime: row.class_start_time,
    classEndTime: row.class_end_time,
    classStartsAt: toIsoTimestamp(row.class_starts_at),
    className: row.class_name,
    state: row.state,
    waitlistPosition: row.waitlist_position,
    waitlistLength: row.waitlist_length,
    origin: row.origin,
    prebookingId: row.prebooking_id,
    firstSeenAt: toIsoTimestamp(row.first_seen_at),
    seenAt: toIsoTimestamp(row.seen_at),
    cancelledAt: toIsoTimestamp(row.cancelled_at),
  };
}

/** The member's stored bookings whose class starts at or after `from` (cancelled ones included). */
export async function listStoredBookings(db: Database, memberId: string, from: Date, to?: Date): Promise<MemberBooking[]> {
  let query = db
    .from('member_bookings')
    .select('*, boxes(display_name, time_zone)')
    .eq('member_id', memberId)
    .gte('class_starts_at', from.toISOString());
  if (to) query = query.lte('class_starts_at', to.toISOString());
  const { data, error } = await query.order('class_starts_at').limit(500);
  if (error) throw databaseError('read your bookings', error);
  return (data as unknown as BookingRow[]).map(toBooking);
}

export interface SnapshotRow {
  boxId: number;
  fetchedAt: string | null;
  attemptedAt: string | null;
  lastError: string | null;
}

export async function listSnapshotStates(db: Database, memberId: string): Promise<SnapshotRow[]> {
  const { data, error } = await db.from('member_booking_snapshots').select('box_id, fetched_at, attempted_at, last_error').eq('member_id', memberId);
  if (error) throw databaseError('read your bookings', error);
  return (data as Array<{ box_id: number | string; fetched_at: string | null; attempted_at: string | null; last_error: string | null }>).map((row) => ({
    boxId: toNumber(row.box_id),
    fetchedAt: toIsoTimestamp(row.fetched_at),
    attemptedAt: toIsoTimestamp(row.attempted_at),
    lastError: row.last_error,
  }));
}

/** A reservation as one refresh read it from AimHarder. */
export interface FetchedBooking {
  reservationId: string;
  classId: string | null;
  classDay: string;
  classStartTime: string;
  classEndTime: string | null;
  classStartsAt: Date;
  className: string;
  state: 'booked' | 'waitlisted';
  waitlistLength: number | null;
  /** Known from our own records (the prebooking that booked it). */
  prebookingId: string | null;
}

type WrittenBookingRow = Omit<BookingRow, 'first_seen_at' | 'boxes' | 'prebooking_id'> & { prebooking_id?: string | null };

/**
 * The stored row of one reservation: one mapping for a refresh, Prebooker's own vanished bookings
 * and the Book button. `prebookingId` undefined leaves the link a row already has.
 */
function toBookingRow(
  memberId: string,
  boxId: number,
  booking: Omit<FetchedBooking, 'prebookingId'>,
  meta: { origin: BookingOrigin; seenAt: Date; cancelledAt: Date | null; prebookingId?: string | null },
): WrittenBookingRow {
  return {
    member_id: memberId,
    box_id: boxId,
    reservation_id: booking.reservationId,
    aimharder_class_id: booking.classId,
    class_day: booking.classDay,
    class_start_time: booking.classStartTime,
    class_end_time: booking.classEndTime,
    class_starts_at: booking.classStartsAt.toISOString(),
    class_name: booking.className,
    state: booking.state,
    // AimHarder lists the queue's length, never the member's place in it (aimharder-api.md §3.3).
    waitlist_position: null,
    waitlist_length: booking.state === 'waitlisted' ? booking.waitlistLength : null,
    origin: meta.origin,
    ...(meta.prebookingId !== undefined ? { prebooking_id: meta.prebookingId } : {}),
    seen_at: meta.seenAt.toISOString(),
    cancelled_at: meta.cancelledAt?.toISOString() ?? null,
  };
}

/**
 * Replaces one box's snapshot with what AimHarder answered: upserts every reservation it listed
 * (keeping the origin a row already had), marks stored ones it no longer lists as cancelled (only
 * while their class is ahead: a class that took place simply leaves the list), and records the
 * fetch time. Called only after AimHarder answered in full, so a failed refresh changes nothing.
 */
export async function replaceBoxSnapshot(
  db: Database,
  memberId: string,
  boxId: number,
  fetched: FetchedBooking[],
  fetchedAt: Date,
  /** Prebooker's own bookings AimHarder no longer lists: stored as cancelled even if never seen before. */
  goneWithoutTrace: FetchedBooking[] = [],
): Promise<void> {
  const existing = await listStoredBookings(db, memberId, new Date(0));
  const stored = new Map(existing.filter((booking) => booking.boxId === boxId).map((booking) => [booking.reservationId, booking]));
  const seenIds = new Set(fetched.map((booking) => booking.reservationId));
  const rows = fetched.map((booking) => {
    const before = stored.get(booking.reservationId);
    const origin: BookingOrigin = booking.prebookingId ? 'prebooker_instant' : (before?.origin ?? 'elsewhere');
    return toBookingRow(memberId, boxId, { ...booking, classId: booking.classId ?? before?.classId ?? null }, {
      origin,
      seenAt: fetchedAt,
      cancelledAt: null,
      prebookingId: booking.prebookingId ?? before?.prebookingId ?? null,
    });
  });
  if (rows.length > 0) {
    const { error } = await db.from('member_bookings').upsert(rows, { onConflict: 'member_id,box_id,reservation_id' });
    if (error) throw databaseError('store your bookings', error);
  }
  const vanished = [...stored.values()]
    .filter((booking) => !seenIds.has(booking.reservationId) && booking.cancelledAt === null && new Date(booking.classStartsAt).getTime() > fetchedAt.getTime())
    .map((booking) => booking.reservationId);
  if (vanished.length > 0) {
    const { error } = await db
      .from('member_bookings')
      .update({ cancelled_at: fetchedAt.toISOString() })
      .eq('member_id', memberId)
      .eq('box_id', boxId)
      .in('reservation_id', vanished);
    if (error) throw databaseError('store your bookings', error);
  }
  const unseen = goneWithoutTrace.filter((booking) => !stored.has(booking.reservationId) && !seenIds.has(booking.reservationId));
  if (unseen.length > 0) {
    const { error } = await db.from('member_bookings').upsert(
      unseen.map((booking) => toBookingRow(memberId, boxId, booking, { origin: 'prebooker_instant', seenAt: fetchedAt, cancelledAt: fetchedAt, prebookingId: booking.prebookingId })),
      { onConflict: 'member_id,box_id,reservation_id', ignoreDuplicates: true },
    );
    if (error) throw databaseError('store your bookings', error);
  }
  const { error } = await db
    .from('member_booking_snapshots')
    .upsert({ member_id: memberId, box_id: boxId, fetched_at: fetchedAt.toISOString(), attempted_at: fetchedAt.toISOString(), last_error: null }, { onConflict: 'member_id,box_id' });
  if (error) throw databaseError('store your bookings', error);
}

/** A failed refresh: only the attempt and its reason are recorded; the last snapshot stays as it was. */
export async function recordSnapshotFailure(db: Database, memberId: string, boxId: number, attemptedAt: Date, reason: string): Promise<void> {
  const { data, error } = await db
    .from('member_booking_snapshots')
    .update({ attempted_at: attemptedAt.toISOString(), last_error: reason })
    .eq('member_id', memberId)
    .eq('box_id', boxId)
    .select('box_id');
  if (error) throw databaseError('record the bookings refresh', error);
  if ((data as unknown[]).length > 0) return;
  const inserted = await db.from('member_booking_snapshots').insert({ member_id: memberId, box_id: boxId, fetched_at: null, attempted_at: attemptedAt.toISOString(), last_error: reason });
  if (inserted.error) throw databaseError('record the bookings refresh', inserted.error);
}

/**
 * A reservation made with Prebooker's Book button, stored at once (before the next refresh) so it
 * keeps its origin: a refresh keeps the origin a row already has.
 */
export async function recordButtonBooking(db: Database, memberId: string, booking: FetchedBooking & { boxId: number }, now: Date): Promise<void> {
  const { error } = await db.from('member_bookings').upsert(
    toBookingRow(memberId, booking.boxId, booking, { origin: 'prebooker_button', seenAt: now, cancelledAt: null }),
    { onConflict: 'member_id,box_id,reservation_id' },
  );
  if (error) throw databaseError('store your booking', error);
}

/** A reservation the member cancelled through Prebooker: known cancelled before AimHarder is read again. */
export async function markBookingCancelled(db: Database, memberId: string, reservationId: string, now: Date): Promise<void> {
  const { error } = await db
    .from('member_bookings')
    .update({ cancelled_at: now.toISOString() })
    .eq('member_id', memberId)
    .eq('reservation_id', reservationId)
    .is('cancelled_at', null);
  if (error) throw databaseError('store your cancellation', error);
}

/** Reservation id → prebooking id, for the member's completed prebookings (read directly: no dependency on the prebooking module). */
export async function listPrebookedReservations(
  db: Database,
  memberId: string,
  boxId: number,
): Promise<Array<{ prebookingId: string; reservationId: string; classId: string; classDay: string; classStartTime: string; classStartsAt: string; className: string; respondedAt: string | null; resultCode: string | null }>> {
  const { data, error } = await db
    .from('prebookings')
    .select('id, aimharder_reservation_id, aimharder_class_id, class_day, class_start_time, class_starts_at, class_name, responded_at, result_code')
    .eq('member_id', memberId)
    .eq('box_id', boxId)
    .eq('status', 'completed')
    .not('aimharder_reservation_id', 'is', null)
    .order('class_starts_at', { ascending: false })
    .limit(200);
  if (error) throw databaseError('read your prebookings', error);
  return (
    data as Array<{
      id: string;
      aimharder_reservation_id: string;
      aimharder_class_id: string;
      class_day: string;
      class_start_time: string;
      class_starts_at: string;
      class_name: string;
      responded_at: string | null;
      result_code: string | null;
    }>
  ).map((row) => ({
    prebookingId: row.id,
    reservationId: row.aimharder_reservation_id,
    classId: row.aimharder_class_id,
    classDay: row.class_day.slice(0, 10),
    classStartTime: row.class_start_time,
    classStartsAt: toIsoTimestamp(row.class_starts_at),
    className: row.class_name,
    respondedAt: toIsoTimestamp(row.responded_at),
    resultCode: row.result_code,
  }));
}

export async function findPrebookingMember(db: Database, prebookingId: string): Promise<string | null> {
  const { data, error } = await db.from('prebookings').select('member_id').eq('id', prebookingId).maybeSingle();
  if (error) throw databaseError('read the prebooking', error);
  return (data as { member_id: string } | null)?.member_id ?? null;
}

/** The synced reservation a prebooking made (by its id, else by the reservation id it recorded), cancelled or not. */
export async function findBookingOfPrebooking(db: Database, memberId: string, prebookingId: string, reservationId: string | null): Promise<MemberBooking | null> {
  const byPrebooking = await db.from('member_bookings').select('*, boxes(display_name, time_zone)').eq('member_id', memberId).eq('prebooking_id', prebookingId).limit(1);
  if (byPrebooking.error) throw databaseError('read your bookings', byPrebooking.error);
  const found = (byPrebooking.data as unknown as BookingRow[])[0];
  if (found || !reservationId) return found ? toBooking(found) : null;
  const byReservation = await db.from('member_bookings').select('*, boxes(display_name, time_zone)').eq('member_id', memberId).eq('reservation_id', reservationId).limit(1);
  if (byReservation.error) throw databaseError('read your bookings', byReservation.error);
  const row = (byReservation.data as unknown as BookingRow[])[0];
  return row ? toBooking(row) : null;
}

/** Of these prebookings, the ones whose booking AimHarder no longer holds (cancelled after booking): id → when it was noticed. */
export async function listCancelledAfterBooking(db: Database, prebookingIds: string[]): Promise<Map<string, string>> {
  const cancelled = new Map<string, string>();
  if (prebookingIds.length === 0) return cancelled;
  const { data, error } = await db.from('member_bookings').select('prebooking_id, cancelled_at').in('prebooking_id', prebookingIds).not('cancelled_at', 'is', null);
  if (error) throw databaseError('read the bookings', error);
  for (const row of data as Array<{ prebooking_id: string; cancelled_at: string }>) cancelled.set(row.prebooking_id, toIsoTimestamp(row.cancelled_at));
  return cancelled;
}
