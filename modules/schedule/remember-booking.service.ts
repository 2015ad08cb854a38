import { classStartInstant, type AimHarderClient, type BookingOutcome, type BoxRef } from '@/modules/aimharder';
import { markBookingCancelled, recordButtonBooking, refreshMemberBookings, type BookingsDependencies } from '@/modules/bookings';
import type { Box } from '@/modules/members';

/**
 * After the Book button (or a prebooking booked at once) got a place: stores the reservation in
 * the synced view as made by Prebooker's button (a later refresh keeps that origin), with its
 * times from the class list, then refreshes the view in the background. Never throws: the booking
 * itself already happened and its answer must reach the member.
 */
export async function rememberButtonBooking(
  deps: BookingsDependencies,
  memberId: string,
  aimharder: AimHarderClient,
  box: Box,
  day: string,
  classId: string,
  outcome: BookingOutcome,
): Promise<void> {
  if (outcome.kind !== 'booked' && outcome.kind !== 'waitlisted') return;
  try {
    const ref: BoxRef = { boxId: box.boxId, subdomain: box.subdomain };
    const slot = (await aimharder.listClasses(ref, day)).find((candidate) => candidate.id === classId);
    const reservationId = slot?.reservationId ?? outcome.reservationId;
    if (slot && reservationId) {
      await recordButtonBooking(
        deps.db,
        memberId,
        {
          boxId: box.boxId,
          reservationId,
          classId,
          classDay: slot.day,
          classStartTime: slot.startTime,
          classEndTime: slot.endTime,
          classStartsAt: classStartInstant(slot.day, slot.startTime, box.timeZone),
          className: slot.name,
          state: slot.memberState === 'waitlisted' ? 'waitlisted' : 'booked',
          waitlistLength: slot.waitlistCount,
          prebookingId: null,
        },
        new Date(deps.clock.now()),
      );
    }
  } catch (error) {
    deps.logger.warn('could not store the new booking in the synced view', { memberId, boxId: box.boxId, classId, error: String(error) });
  }
  refreshInBackground(deps, memberId);
}

/** After a cancel through Prebooker: known cancelled at once, then the view is refreshed. */
export async function rememberCancellation(deps: BookingsDependencies, memberId: string, reservationId: string): Promise<void> {
  await markBookingCancelled(deps.db, memberId, reservationId, new Date(deps.clock.now())).catch((error: unknown) =>
    deps.logger.warn('could not store the cancellation in the synced view', { memberId, reservationId, error: String(error) }),
  );
  refreshInBackground(deps, memberId);
}

export function refreshInBackground(deps: BookingsDependencies, memberId: string): void {
  refreshMemberBookings(deps, memberId).catch((error: unknown) => deps.logger.warn('bookings refresh could not run', { memberId, error: String(error) }));
}
