-- Issue 13: the member's bookings as AimHarder holds them, and honest timing of an outcome.
--
-- member_bookings is a snapshot of each member's upcoming reservations per box, read from
-- AimHarder's nextBookings (and the class lists for class ids). Pages and the calendar feed render
-- from it; a refresh replaces a box's rows only when AimHarder answered. A reservation that
-- disappears before its class starts is kept with cancelled_at set (not deleted), so the feed can
-- tell calendar apps to remove it and a prebooking's card can say "booked, then cancelled".

create table member_bookings (
  member_id uuid not null references members (id) on delete cascade,
  box_id integer not null references boxes (aimharder_box_id) on delete cascade,
  reservation_id text not null,
  aimharder_class_id text,
  class_day date not null,
  class_start_time text not null check (class_start_time ~ '^\d{2}:\d{2}$'),
  class_end_time text check (class_end_time ~ '^\d{2}:\d{2}$'),
  class_starts_at timestamptz not null,
  class_name text not null,
  state text not null check (state in ('booked', 'waitlisted')),
  -- AimHarder gives no position in the queue that we know of; the queue length is kept instead.
  waitlist_position integer check (waitlist_position > 0),
  waitlist_length integer check (waitlist_length >= 0),
  origin text not null check (origin in ('prebooker_instant', 'prebooker_button', 'elsewhere')),
  prebooking_id uuid references prebookings (id) on delete set null,
  first_seen_at timestamptz not null default now(),
  seen_at timestamptz not null default now(),
  cancelled_at timestamptz,
  primary key (member_id, box_id, reservation_id)
);
create index member_bookings_member_start on member_bookings (member_id, class_starts_at);
alter table member_bookings enable row level security;

-- One row per member and box: when AimHarder last answered, and what the last failed try said.
create table member_booking_snapshots (
  member_id uuid not null references members (id) on delete cascade,
  box_id integer not null references boxes (aimharder_box_id) on delete cascade,
  fetched_at timestamptz,
  attempted_at timestamptz not null,
  last_error text,
  primary key (member_id, box_id)
);
alter table member_booking_snapshots enable row level security;

-- The request that actually got the place: its instant and whether it was not the first fire
-- (an admin retry, a QStash redelivery). fired_at keeps the first fire for the precision figures.
alter table prebookings add column booked_at timestamptz;
alter table prebookings add column booked_on_retry boolean not null default false;

create or replace function finish_prebooking_execution(p_id uuid, p_lease_token uuid, p_outcome jsonb, p_events jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_row prebookings;
begin
  if p_outcome ->> 'status' not in ('completed', 'failed') then
    raise exception 'an execution ends completed or failed, not %', p_outcome ->> 'status' using errcode = '22023';
  end if;
  update prebookings
     set status = (p_outcome ->> 'status')::prebooking_status,
         result_code = p_outcome ->> 'result_code',
         result_message = p_outcome ->> 'result_message',
         aimharder_reservation_id = p_outcome ->> 'reservation_id',
         responded_at = coalesce((p_outcome ->> 'responded_at')::timestamptz, responded_at),
         booked_at = (p_outcome ->> 'booked_at')::timestamptz,
         booked_on_retry = coalesce((p_outcome ->> 'booked_on_retry')::boolean, false),
         lease_token = null,
         lease_expires_at = null
   where id = p_id
     and status = 'executing'
     and lease_token = p_lease_token
  returning * into v_row;
  if not found then
    return null;
  end if;
  insert into prebooking_events (prebooking_id, type, detail, occurred_at)
  select p_id, event ->> 'type', coalesce(event -> 'detail', '{}'::jsonb), (event ->> 'occurred_at')::timestamptz
    from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) as event;
  return to_jsonb(v_row);
end;
$$;
