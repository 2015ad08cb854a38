import type { AimHarderClient, BoxRef } from '@/modules/aimharder';
import type { PrebookingDependencies } from './prebooking-dependencies';
import type { ReplacedBooking } from './prebooking.schema';

/**
 * "Replace the other one" for a booking the member already holds at the same hour (issue 13).
 *
 * The issue asked to book the new class first and cancel the old one only once the new one is
 * confirmed. AimHarder makes that order impossible: /api/book refuses any class that overlaps a
 * reservation the member holds in the box, waiting-list places included, with bookState -12
 * NOPUEDESRESERVAMISMAHORA ("No puedes hacer más de una reserva a la misma hora"; kappys1's capture
 * in aimharder-api.md §4.4, and the simulator's rule). A "book first" request would always be
 * refused, and would cost the round trip the class is lost in (popular classes fill in ~2 s and
 * AimHarder answers in up to ~1.5 s). So, at the opening instant:
 *   1. cancel the old reservation (never a late cancellation: a cancelState 2 keeps it, and the
 *      new class is not booked);
 *   2. book the new class at once (the usual fire loop: too-early retries, waiting list);
 *   3. if the new class was not booked, book the old class again (its own waiting list when it was
 *      a waiting-list place) and say truthfully whether that worked: a place given up at the
 *      instant may be taken by someone else before we ask for it back.
 * The cancel goes out at the release instant, never before: until then the member keeps the old
 * place. Once the old one is cancelled, the attempt always ends here (no QStash retry that would
 * cancel again later).
 */

/**
 * `gone`: AimHarder refused the cancellation and no longer lists the booking, so the member gave it
 * up themselves before the opening (here or in AimHarder's app). Nothing was given up for this
 * class, so nothing is booked back if it fails: that would re-book a class the member cancelled.
 */
export type CancelStep = { kind: 'cancelled' } | { kind: 'gone' } | { kind: 'kept'; reason: string };

/** Step 1, at the release instant. */
export async function cancelReplacedAtInstant(
  deps: PrebookingDependencies,
  aimharder: AimHarderClient,
  box: BoxRef,
  replaced: ReplacedBooking,
  releaseAtMs: number,
): Promise<CancelStep> {
  await deps.clock.sleepUntil(releaseAtMs);
  const outcome = await aimharder.cancel(box, replaced.reservationId, { late: false });
  switch (outcome.kind) {
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'late_cancellation_required':
      return { kind: 'kept', reason: 'late_cancellation' };
    default: {
      // Refused, or no usable answer: whether it is still held decides. Not held after a clear
      // refusal: the member had cancelled it already. Not held after no usable answer: our request
      // may have been the one that cancelled it, so it counts as given up for this class.
      const held = await heldState(aimharder, box, replaced).catch(() => 'unknown' as const);
      if (held !== 'none') return { kind: 'kept', reason: outcome.kind };
      return outcome.kind === 'not_allowed' ? { kind: 'gone' } : { kind: 'cancelled' };
    }
  }
}

/** Step 3: the old class booked again; returns what became of it. */
export async function rebookReplaced(aimharder: AimHarderClient, box: BoxRef, replaced: ReplacedBooking): Promise<ReplacedBooking> {
  const outcome = await aimharder.book(box, replaced.classDay, replaced.classId, { waitlist: replaced.state === 'waitlisted' });
  if (outcome.kind === 'booked') return { ...replaced, swap: 'rebooked', rebookedReservationId: outcome.reservationId };
  if (outcome.kind === 'waitlisted') return { ...replaced, swap: 'rebooked_waitlisted', rebookedReservationId: outcome.reservationId };
  // Any other answer (a transport error may still have booked): what AimHarder lists decides.
  const held = await heldState(aimharder, box, replaced).catch(() => 'unknown' as const);
  if (held === 'booked') return { ...replaced, swap: 'rebooked', rebookedReservationId: null };
  if (held === 'waitlisted') return { ...replaced, swap: 'rebooked_waitlisted', rebookedReservationId: null };
  return { ...replaced, swap: 'lost', rebookedReservationId: null };
}

/** Whether the member holds the replaced class now (after a crash: whether it was cancelled already). */
export async function heldState(aimharder: AimHarderClient, box: BoxRef, replaced: ReplacedBooking): Promise<'booked' | 'waitlisted' | 'none'> {
  const classes = await aimharder.listClasses(box, replaced.classDay);
  return classes.find((slot) => slot.id === replaced.classId)?.memberState ?? 'none';
}
