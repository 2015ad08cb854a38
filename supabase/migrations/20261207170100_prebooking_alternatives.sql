-- Second choices (issue 17): a prebooking may carry an ordered list of up to five alternative
-- classes of the same box, each [{classId, classDay, classStartTime, classStartsAt, className,
-- availableAt}], booked in order when the first choice is full. It lives on the row so the claim
-- (to_jsonb of the row) brings it to the execution with no extra read before the instant.
alter table prebookings
  add column alternatives jsonb not null default '[]'::jsonb
    check (jsonb_typeof(alternatives) = 'array' and jsonb_array_length(alternatives) <= 5);
-- Which choice the booking landed on: 1 = the first choice, 2 = the first alternative, …; null
-- until a booking is held (and for prebookings without alternatives that booked their class).
alter table prebookings
  add column booked_choice smallint check (booked_choice between 1 and 6);
-- How long after its own opening the booked choice's request left (the first choice's is fired_at − available_at).
alter table prebookings add column booked_choice_offset_ms integer;
