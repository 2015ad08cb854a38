import type { BookingWindowHint } from '../booking-window/booking-window.schema';

/**
 * Everything `/api/book` can mean, closed so every caller handles every case. Business answers
 * are HTTP 200 with a `bookState` (reference §4.3); the last two are about the call itself.
 */
export type BookingOutcome =
  | { kind: 'booked'; reservationId: string }
  | { kind: 'waitlisted'; reservationId: string | null }
  | { kind: 'too_early'; window: BookingWindowHint | null; message: string }
  | { kind: 'full' }
  | { kind: 'no_credit' }
  | { kind: 'max_per_day'; max: number | null }
  | { kind: 'too_late' }
  | { kind: 'payment_pending' }
  | { kind: 'already_booked_same_hour' }
  | { kind: 'not_allowed'; message: string }
  | { kind: 'session_expired' }
  /**
   * No usable answer (timeout, network, 5xx, an answer we cannot read). The request may or may
   * not have booked: the caller must reconcile with `listClasses` before booking again.
   */
  | { kind: 'transport_error'; detail: string; status?: number };

export type CancelOutcome =
  | { kind: 'cancelled' }
  /** cancelState 2: past the box's free-cancellation time; nothing cancelled until sent with `late`. */
  | { kind: 'late_cancellation_required' }
  | { kind: 'not_allowed'; message: string }
  | { kind: 'session_expired' }
  | { kind: 'transport_error'; detail: string; status?: number };

/**
 * Whether sending the same request again soon could give a different answer. Only a transport
 * error qualifies. `session_expired` does not: the client has already made its one re-login
 * attempt, so the next try should start over with `ensureSession()` (which reports the real login
 * problem). `too_early` is a timing matter the caller handles from the opening instant.
 */
export function isRetryableBookingOutcome(outcome: BookingOutcome): boolean {
  return outcome.kind === 'transport_error';
}
