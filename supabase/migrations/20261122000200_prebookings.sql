-- Prebookings and their append-only event timeline.

create type prebooking_status as enum ('pending', 'scheduled', 'executing', 'completed', 'failed', 'cancelled');

create table prebookings (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references members (id) on delete cascade,
  box_id integer not null references boxes (aimharder_box_id),
  aimharder_class_id text not null,
  class_day date not null,
  class_start_time text not null check (class_start_time ~ '^\d{2}:\d{2}$'),
  class_starts_at timestamptz not null,
  class_name text not null,
  waitlist_if_full boolean not null default false,
  -- The instant AimHarder opens the class for booking, and the instant we send /api/book
  -- (opening + creation-order spacing when several members target the same class).
  available_at timestamptz not null,
  fire_at timestamptz not null,
  status prebooking_status not null default 'pending',
  -- The QStash message id (named for what the product calls it): used to cancel the delivery.
  qstash_schedule_id text,
  attempt_count integer not null default 0,
  result_code text,
  result_message text,
  aimharder_reservation_id text,
  delivered_at timestamptz,
  fired_at timestamptz,
  responded_at timestamptz,
  -- Claim lease: an execution owns the row until lease_expires_at; a redelivery after that
  -- reconciles with AimHarder before booking again.
  lease_token uuid,
  lease_expires_at timestamptz,
  -- Set by the executor just before firing: from then on a cancel is too late.
  fire_committed_at timestamptz,
  source text not null default 'manual' check (source in ('manual', 'goal')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (fire_at >= available_at),
  check (status <> 'completed' or aimharder_reservation_id is not null or result_code is not null),
  check (status not in ('completed', 'failed', 'cancelled') or result_code is not null)
);
create unique index prebookings_one_active_per_class
  on prebookings (member_id, aimharder_class_id, class_day)
  where status in ('pending', 'scheduled', 'executing');
create index prebookings_member_created on prebookings (member_id, created_at desc);
create index prebookings_status_fire on prebookings (status, fire_at);
create index prebookings_class_fire on prebookings (box_id, aimharder_class_id, class_day, available_at);
create trigger prebookings_updated_at before update on prebookings for each row execute function set_updated_at();
alter table prebookings enable row level security;

create table prebooking_events (
  id bigint generated always as identity primary key,
  prebooking_id uuid not null references prebookings (id) on delete cascade,
  type text not null,
  detail jsonb not null default '{}'::jsonb,
  -- clock_timestamp, not now(): several events of one transaction must keep their order and spacing.
  occurred_at timestamptz not null default clock_timestamp()
);
create index prebooking_events_timeline on prebooking_events (prebooking_id, id);
alter table prebooking_events enable row level security;

create or replace function forbid_event_rewrite() returns trigger
language plpgsql as $$
begin
  raise exception 'prebooking_events is append-only';
end;
$$;
create trigger prebooking_events_append_only before update or delete on prebooking_events
  for each row when (pg_trigger_depth() = 0) execute function forbid_event_rewrite();

-- Atomically takes a prebooking for execution. Wins only from 'scheduled', or from 'executing'
-- whose lease has expired (the previous invocation died): the caller learns which through
-- previous_status and must reconcile with AimHarder before booking in the second case.
-- Returns null when the prebooking is not claimable (already executing, terminal, unknown).
create or replace function claim_prebooking(p_id uuid, p_now timestamptz, p_lease_ms integer)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_previous prebooking_status;
  v_row prebookings;
begin
  select status into v_previous from prebookings where id = p_id for update;
  if not found then
    return null;
  end if;
  update prebookings
     set status = 'executing',
         lease_token = gen_random_uuid(),
         lease_expires_at = p_now + make_interval(secs => p_lease_ms / 1000.0),
         attempt_count = attempt_count + 1,
         delivered_at = coalesce(delivered_at, p_now)
   where id = p_id
     and (status = 'scheduled' or (status = 'executing' and lease_expires_at < p_now))
  returning * into v_row;
  if not found then
    return null;
  end if;
  return jsonb_build_object('prebooking', to_jsonb(v_row), 'previous_status', v_previous);
end;
$$;
revoke all on function claim_prebooking(uuid, timestamptz, integer) from public, anon, authenticated;
grant execute on function claim_prebooking(uuid, timestamptz, integer) to service_role;
