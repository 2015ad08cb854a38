// Public API of the bookings module: the member's bookings as AimHarder holds them (issue 13).
export { BOOKING_ORIGINS, bookingsQuerySchema, type BookingOrigin, type BookingsView, type BoxSnapshotState, type MemberBooking } from './bookings.schema';
export { getBookingsDependencies, type BookingsDependencies } from './bookings-dependencies';
export { CANCELLED_KEPT_MS, FEED_MAX_AGE_MS, MAX_WAIT_MS, PAGE_MAX_AGE_MS, getMemberBookings, type ReadOptions } from './member-bookings.service';
export { refreshAfterOutcome, refreshMemberBookings, type RefreshFailure, type RefreshReport } from './refresh-bookings.service';
export { findBookingOfPrebooking, listCancelledAfterBooking, markBookingCancelled, recordButtonBooking, type FetchedBooking } from './bookings.repository';
