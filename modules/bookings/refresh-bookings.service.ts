import { AppError } from '@/core/http/app-error';
import {
  AimHarderLoginError,
  AimHarderResponseError,
  AimHarderSessionExpiredError,
  classStartInstant,
  type AimHarderClassSlot,
  type AimHarderClient,
  type AimHarderNextBooking,
  type BoxRef,
} from '@/modules/aimharder';
import { listMemberBoxes, type Box } from '@/modules/members';
import type { BookingsDependencies } from './bookings-dependencies';
import { findPrebookingMember, listPrebookedReservations, recordSnapshotFailure, replaceBoxSnapshot, type FetchedBooking } from './bookings.repository';

/** Why a refresh failed, stored as a code the pages translate (never AimHarder's raw text). */
export type RefreshFailure = 'login_refused' | 'session_refused' | 'bad_answer' | 'aimharder_unavailable' | 'no_credentials';

export interface RefreshReport {
  boxes: Array<{ boxId: number; ok: boolean; count?: number; failure?: RefreshFailure }>;
}

// One refresh per member at a time in this process: a page, its poll and the feed share it.
const inFlight = new Map<string, Promise<RefreshReport>>();

/**
 * Reads the member's upcoming bookings from AimHarder (nextBookings per box, then the class list of
 * each day involved, for class ids and queue lengths) and replaces the stored snapshot box by box.
 * A box whose answers did not all arrive keeps its last snapshot; the failure is logged and
 * recorded with its time. Never throws for AimHarder's failures.
 */
export function refreshMemberBookings(deps: BookingsDependencies, memberId: string): Promise<RefreshReport> {
  const running = inFlight.get(memberId);
  if (running) return running;
  const started = runRefresh(deps, memberId).finally(() => inFlight.delete(memberId));
  inFlight.set(memberId, started);
  return started;
}

async function runRefresh(deps: BookingsDependencies, memberId: string): Promise<RefreshReport> {
  const boxes = await listMemberBoxes(deps.db, memberId);
  if (boxes.length === 0) return { boxes: [] };
  let client: AimHarderClient;
  try {
    client = await deps.aimharderFor(memberId);
  } catch (error) {
    const failure: RefreshFailure = error instanceof AppError && error.code === 'unprocessable' ? 'no_credentials' : 'aimharder_unavailable';
    return await recordFailures(deps, memberId, boxes, failure, error);
  }
  const report: RefreshReport = { boxes: [] };
  for (const box of boxes) {
    const startedAt = new Date(deps.clock.now());
    try {
      const { fetched, gone } = await readBox(deps, client, memberId, box, startedAt);
      await replaceBoxSnapshot(deps.db, memberId, box.boxId, fetched, new Date(deps.clock.now()), gone);
      report.boxes.push({ boxId: box.boxId, ok: true, count: fetched.length });
    } catch (error) {
      const failure = failureOf(error);
      deps.logger.warn('bookings refresh failed; the last snapshot stays', { memberId, boxId: box.boxId, failure, error: String(error) });
      await recordSnapshotFailure(deps.db, memberId, box.boxId, startedAt, failure).catch((recordError: unknown) =>
        deps.logger.warn('could not record the failed bookings refresh', { memberId, boxId: box.boxId, error: String(recordError) }),
      );
      report.boxes.push({ boxId: box.boxId, ok: false, failure });
    }
  }
  return report;
}

async function recordFailures(deps: BookingsDependencies, memberId: string, boxes: Box[], failure: RefreshFailure, error: unknown): Promise<RefreshReport> {
  deps.logger.warn('bookings refresh failed; the last snapshot stays', { memberId, failure, error: String(error) });
  const now = new Date(deps.clock.now());
  await Promise.all(boxes.map((box) => recordSnapshotFailure(deps.db, memberId, box.boxId, now, failure).catch(() => undefined)));
  return { boxes: boxes.map((box) => ({ boxId: box.boxId, ok: false, failure })) };
}

function failureOf(error: unknown): RefreshFailure {
  if (error instanceof AimHarderLoginError) return error.reason === 'wrong_credentials' ? 'login_refused' : 'aimharder_unavailable';
  if (error instanceof AimHarderSessionExpiredError) return 'session_refused';
  if (error instanceof AimHarderResponseError) return 'bad_answer';
  return 'aimharder_unavailable';
}

/** Days listed by nextBookings beyond this many are left unresolved (no class id): bounded work per refresh. */
const MAX_DAYS_LISTED = 14;

async function readBox(
  deps: BookingsDependencies,
  client: AimHarderClient,
  memberId: string,
  box: Box,
  startedAt: Date,
): Promise<{ fetched: FetchedBooking[]; gone: FetchedBooking[] }> {
  const ref: BoxRef = { boxId: box.boxId, subdomain: box.subdomain };
  const [upcoming, prebooked] = await Promise.all([client.nextBookings(ref), listPrebookedReservations(deps.db, memberId, box.boxId)]);
  const placed = upcoming.filter((entry): entry is AimHarderNextBooking & { day: string; time: string } => {
    if (entry.day && entry.time) return true;
    deps.logger.warn('an upcoming booking without a readable day or time was left out', { memberId, boxId: box.boxId, reservationId: entry.reservationId });
    return false;
  });
  const days = [...new Set(placed.map((entry) => entry.day))].sort().slice(0, MAX_DAYS_LISTED);
  const lists = await Promise.all(days.map(async (day) => [day, await client.listClasses(ref, day)] as const));
  const slotsByReservation = new Map<string, AimHarderClassSlot>();
  for (const [, slots] of lists) for (const slot of slots) if (slot.reservationId) slotsByReservation.set(slot.reservationId, slot);
  const byReservation = new Map(prebooked.map((entry) => [entry.reservationId, entry]));

  const fetched = placed.map((entry): FetchedBooking => {
    const slot = slotsByReservation.get(entry.reservationId);
    // The class list is the more precise of the two about the member's state (it carries the queue).
    const state = slot && slot.memberState !== 'none' ? slot.memberState : entry.state === 'waitlisted' ? 'waitlisted' : 'booked';
    return {
      reservationId: entry.reservationId,
      classId: slot?.id ?? byReservation.get(entry.reservationId)?.classId ?? null,
      classDay: entry.day,
      classStartTime: entry.time,
      classEndTime: slot?.endTime ?? null,
      classStartsAt: classStartInstant(entry.day, entry.time, box.timeZone),
      className: entry.className || slot?.name || '—',
      state,
      waitlistLength: slot ? slot.waitlistCount : null,
      prebookingId: byReservation.get(entry.reservationId)?.prebookingId ?? null,
    };
  });
  const listed = new Set(fetched.map((booking) => booking.reservationId));
  // Booked by Prebooker before this refresh started, class still ahead, and no longer in AimHarder.
  const gone = prebooked
    .filter((entry) => !listed.has(entry.reservationId) && /^\d+$/.test(entry.reservationId))
    .filter((entry) => new Date(entry.classStartsAt).getTime() > startedAt.getTime())
    .filter((entry) => entry.respondedAt !== null && new Date(entry.respondedAt).getTime() < startedAt.getTime())
    .map(
      (entry): FetchedBooking => ({
        reservationId: entry.reservationId,
        classId: entry.classId,
        classDay: entry.classDay,
        classStartTime: entry.classStartTime,
        classEndTime: null,
        classStartsAt: new Date(entry.classStartsAt),
        className: entry.className,
        state: entry.resultCode === 'waitlisted' ? 'waitlisted' : 'booked',
        waitlistLength: null,
        prebookingId: entry.prebookingId,
      }),
    );
  return { fetched, gone };
}

/** After a prebooking's outcome: the member's view is refreshed off the booking path. Never throws. */
export async function refreshAfterOutcome(deps: BookingsDependencies, prebookingId: string): Promise<void> {
  try {
    const memberId = await findPrebookingMember(deps.db, prebookingId);
    if (memberId) await refreshMemberBookings(deps, memberId);
  } catch (error) {
    deps.logger.warn('bookings refresh after an outcome failed', { prebookingId, error: String(error) });
  }
}
