import { z } from 'zod';

export const BOOKING_ORIGINS = ['prebooker_instant', 'prebooker_button', 'elsewhere'] as const;
/** Who made a reservation: Prebooker at the opening instant, Prebooker's Book button, or anyone else (AimHarder's app). */
export type BookingOrigin = (typeof BOOKING_ORIGINS)[number];

/** One reservation of the member, as AimHarder last showed it (or, with cancelledAt, no longer shows it). */
export interface MemberBooking {
  boxId: number;
  boxName: string;
  timeZone: string;
  reservationId: string;
  /** AimHarder's class-session id, when the class list of that day named it. */
  classId: string | null;
  classDay: string;
  classStartTime: string;
  classEndTime: string | null;
  classStartsAt: string;
  className: string;
  state: 'booked' | 'waitlisted';
  /** AimHarder gives no queue position in the answers we know of: null unless it does. */
  waitlistPosition: number | null;
  /** How many are queued for the class (the class list's `waitlist`). */
  waitlistLength: number | null;
  origin: BookingOrigin;
  prebookingId: string | null;
  firstSeenAt: string;
  seenAt: string;
  /** Set when the reservation disappeared from AimHarder before its class started (cancelled there or here). */
  cancelledAt: string | null;
}

export interface BoxSnapshotState {
  boxId: number;
  boxName: string;
  /** When AimHarder last answered for this box (null: never). */
  fetchedAt: string | null;
  attemptedAt: string | null;
  /** What went wrong on the last try, when it failed (member-readable, no secrets). */
  lastError: string | null;
}

export interface BookingsView {
  bookings: MemberBooking[];
  boxes: BoxSnapshotState[];
  /** The oldest box fetch time: how old what is shown may be (null: never fetched). */
  fetchedAt: string | null;
  /** A refresh was started and had not finished when this view was read. */
  refreshing: boolean;
  serverNow: number;
}

export const bookingsQuerySchema = z.strictObject({
  /** `1`: wait (up to about a second) for a fresh answer from AimHarder before answering. */
  refresh: z.enum(['0', '1']).optional(),
  include: z.enum(['upcoming', 'all']).default('upcoming'),
});
