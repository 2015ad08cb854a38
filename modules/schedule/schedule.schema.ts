import { z } from 'zod';
import type { AimHarderClassSlot } from '@/modules/aimharder';
import type { OverlapConflict, PrebookingStatus } from '@/modules/prebooking';
import type { PreflightCard } from '@/modules/preflight';

/** Days the week strip offers: today and the next 14. */
export const SCHEDULE_DAY_COUNT = 15;

// AimHarder box ids are PostgreSQL integers: a larger number used to reach the database and fail there (503).
const boxId = z.coerce.number().int().positive({ message: 'must be an AimHarder box id' }).max(2_147_483_647, { message: 'must be an AimHarder box id' });
// Bounded at the boundary: the zone arithmetic reads years below 100 as 19xx and cannot format years
// past 9999, so a well-formed "0001-01-01" used to end as a 500/502 instead of a 400.
const day = z.iso
  .date({ message: 'must be a date like 2026-11-30' })
  .refine((value) => value >= '2000-01-01' && value <= '2999-12-31', { message: 'must be between 2000-01-01 and 2999-12-31' });
const aimharderId = (what: string) => z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, `must be an AimHarder ${what} id`);

export const scheduleQuerySchema = z.object({
  boxId: boxId.optional().catch(undefined),
  day: day.optional().catch(undefined),
});
export type ScheduleQuery = z.infer<typeof scheduleQuerySchema>;

export const bookClassInputSchema = z.strictObject({
  boxId,
  day,
  classId: aimharderId('class'),
  waitlist: z.boolean().default(false),
});
export type BookClassInput = z.infer<typeof bookClassInputSchema>;

export const cancelBookingInputSchema = z.strictObject({
  boxId,
  reservationId: aimharderId('reservation'),
  /** Confirms a late cancellation that forfeits the class credit. */
  late: z.boolean().default(false),
});
export type CancelBookingInput = z.infer<typeof cancelBookingInputSchema>;

/**
 * Where a class stands for booking, by the box's rule and the clock: `unknown` when the box's
 * booking window is not known yet (the first prebook learns it).
 */
export type ClassPhase = 'open' | 'not_open' | 'started' | 'unknown';

export interface BoxSummary {
  boxId: number;
  name: string;
  subdomain: string;
  timeZone: string;
}

export interface SchedulePrebooking {
  id: string;
  status: PrebookingStatus;
  availableAt: string;
  fireAt: string;
  /** From this instant the booking request may be committed and a cancel refused (409): the button goes. */
  cancellableUntil: string;
  /** The last pre-flight check's open finding, in the member's words ("Action needed: …"); its fixes are on My classes. */
  attention: string | null;
}

/** A class as AimHarder lists it, plus what the schedule page needs to show and act on it. */
export interface ScheduleClass extends AimHarderClassSlot {
  startsAt: string;
  opensAt: string | null;
  phase: ClassPhase;
  full: boolean;
  prebooking: SchedulePrebooking | null;
  /** The member's failed prebooking for this class (not dismissed): why, and the next step it offers. */
  failure: { prebookingId: string; text: string | null; nextSteps: Array<'join_waitlist' | 'book_now' | 'prebook_next' | 'dismiss'> } | null;
}

export interface ScheduleDay {
  boxes: BoxSummary[];
  box: BoxSummary | null;
  today: string;
  days: string[];
  day: string;
  classes: ScheduleClass[];
  /** Set when AimHarder could not be asked: the page still renders, with this message. */
  loadError: string | null;
  serverNow: number;
}

/** What a schedule action tells the member; never throws to the browser. */
export type ActionResult =
  | { ok: true; message: string; kind?: string }
  | { ok: false; message: string; reason?: string; lateCancellationRequired?: boolean; conflict?: OverlapConflict };

export type DisplayStatus = PrebookingStatus | 'waitlisted';

/** A prebooking as "My prebookings" shows it: raw instants (the browser counts down) plus texts. */
export interface PrebookingCard {
  id: string;
  status: PrebookingStatus;
  displayStatus: DisplayStatus;
  active: boolean;
  classId: string;
  className: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: string;
  boxId: number;
  boxName: string;
  timeZone: string;
  availableAt: string;
  /** As on the schedule: after this instant, cancelling cannot work any more. */
  cancellableUntil: string;
  firedAt: string | null;
  fireOffsetMs: number | null;
  /** The request that got the place: its offset from the opening, and whether it was a retry. */
  bookedOffsetMs: number | null;
  bookedOnRetry: boolean;
  attemptCount: number;
  resultCode: string | null;
  outcomeText: string | null;
  /** The last pre-flight check of a waiting prebooking, in the member's words; null before one ran. */
  preflight: PreflightCard | null;
}

export interface PrebookingCards {
  upcoming: PrebookingCard[];
  past: PrebookingCard[];
  serverNow: number;
}
