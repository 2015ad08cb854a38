-- Issue 13, "replace the other one" for a booking the member already holds at the same hour:
-- the prebooking carries that booking ({reservationId, classId, classDay, classStartTime,
-- className, state}) and, once it has fired, what became of it (`swap`: cancelled | rebooked |
-- lost | kept, with `rebookedReservationId`). On the row, so the claim (to_jsonb of the row)
-- brings it to the execution with no extra read before the instant.
alter table prebookings
  add column replaces_booking jsonb
    check (replaces_booking is null or jsonb_typeof(replaces_booking) = 'object');
