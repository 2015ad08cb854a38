import { setTimeout as delay } from 'node:timers/promises';
import { listMemberBoxes } from '@/modules/members';
import type { BookingsDependencies } from './bookings-dependencies';
import { listSnapshotStates, listStoredBookings } from './bookings.repository';
import type { BookingsView, MemberBooking } from './bookings.schema';
import { refreshMemberBookings } from './refresh-bookings.service';

/** A page never waits on AimHarder longer than this: past it, the last snapshot is shown with its age. */
export const MAX_WAIT_MS = 900;
/** Pages refresh in the background when what they show is older than this. */
export const PAGE_MAX_AGE_MS = 30_000;
/** The calendar feed: a snapshot at most this old. */
export const FEED_MAX_AGE_MS = 60_000;
/** A booking cancelled after it was shown keeps appearing (as cancelled) this long, so calendar apps remove it. */
export const CANCELLED_KEPT_MS = 7 * 86_400_000;

export interface ReadOptions {
  /** Refresh when the oldest box snapshot is older than this (default PAGE_MAX_AGE_MS). */
  maxAgeMs?: number;
  /** How long to wait for that refresh before answering from the snapshot (at most MAX_WAIT_MS). */
  waitMs?: number;
  /** Force a refresh whatever the age. */
  force?: boolean;
  /** Cancelled ones too (within CANCELLED_KEPT_MS), and classes that started up to a day ago. */
  includeCancelled?: boolean;
}

/**
 * The member's bookings as AimHarder holds them, stale-while-revalidate: answers from the stored
 * snapshot, starting a refresh when it is too old and waiting for it at most `waitMs`; a refresh
 * that takes longer finishes in the background and the next read (the page's poll) shows it.
 */
export async function getMemberBookings(deps: BookingsDependencies, memberId: string, options: ReadOptions = {}): Promise<BookingsView> {
  const maxAgeMs = options.maxAgeMs ?? PAGE_MAX_AGE_MS;
  const waitMs = Math.min(options.waitMs ?? 0, MAX_WAIT_MS);
  const before = await readView(deps, memberId, options.includeCancelled ?? false);
  const nowMs = deps.clock.now();
  const stale = before.boxes.some((box) => box.fetchedAt === null || nowMs - new Date(box.fetchedAt).getTime() > maxAgeMs);
  if (!options.force && !stale) return before;
  // Never rejects for AimHarder's failures; a database failure is logged and the snapshot shown.
  const refresh = refreshMemberBookings(deps, memberId).catch((error: unknown) => {
    deps.logger.warn('bookings refresh could not run', { memberId, error: String(error) });
    return null;
  });
  // A wall-time budget, not an instant to hit: a plain timer is enough.
  const finished = await Promise.race([refresh.then(() => true), delay(waitMs, false, { ref: false })]);
  if (!finished) return { ...before, refreshing: true };
  return readView(deps, memberId, options.includeCancelled ?? false);
}

async function readView(deps: BookingsDependencies, memberId: string, includeCancelled: boolean): Promise<BookingsView> {
  const nowMs = deps.clock.now();
  const [boxes, states, stored] = await Promise.all([
    listMemberBoxes(deps.db, memberId),
    listSnapshotStates(deps.db, memberId),
    listStoredBookings(deps.db, memberId, new Date(nowMs - (includeCancelled ? 86_400_000 : 0))),
  ]);
  const stateByBox = new Map(states.map((state) => [state.boxId, state]));
  const boxStates = boxes.map((box) => {
    const state = stateByBox.get(box.boxId);
    return { boxId: box.boxId, boxName: box.name, fetchedAt: state?.fetchedAt ?? null, attemptedAt: state?.attemptedAt ?? null, lastError: state?.lastError ?? null };
  });
  const memberBoxes = new Set(boxes.map((box) => box.boxId));
  const bookings = stored.filter((booking) => memberBoxes.has(booking.boxId) && isShown(booking, nowMs, includeCancelled));
  const fetched = boxStates.map((box) => box.fetchedAt);
  const fetchedAt = fetched.length === 0 || fetched.some((value) => value === null) ? null : fetched.sort()[0]!;
  return { bookings, boxes: boxStates, fetchedAt, refreshing: false, serverNow: nowMs };
}

function isShown(booking: MemberBooking, nowMs: number, includeCancelled: boolean): boolean {
  if (booking.cancelledAt === null) return includeCancelled || new Date(booking.classStartsAt).getTime() > nowMs;
  return includeCancelled && nowMs - new Date(booking.cancelledAt).getTime() < CANCELLED_KEPT_MS;
}
