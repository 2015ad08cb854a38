-- Recurring goals (standing rules that create prebookings), outcome notifications and the private
-- calendar feed. Every table has RLS on and no policy: only the server (secret key) reads or writes.

-- A member's standing rule: "every Monday and Wednesday, the 18:00 WOD at this box".
create table goals (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references members (id) on delete cascade,
  box_id integer not null references boxes (aimharder_box_id),
  -- ISO weekdays of the class, in the box's zone: 1 = Monday … 7 = Sunday.
  weekdays smallint[] not null
    check (cardinality(weekdays) between 1 and 7 and weekdays <@ array[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  start_time text not null check (start_time ~ '^([01]\d|2[0-3]):[0-5]\d$'),
  class_name text not null check (char_length(class_name) between 1 and 60),
  -- Case-insensitive: 'exact' compares the whole name, 'contains' looks for it inside the name.
  class_name_match text not null default 'exact' check (class_name_match in ('exact', 'contains')),
  waitlist_if_full boolean not null default false,
  status text not null default 'active' check (status in ('active', 'paused')),
  -- Bumped by every edit (not by run bookkeeping): a materialisation that started on an older
  -- revision re-checks its prebookings against the new one.
  revision integer not null default 0,
  last_materialized_at timestamptz,
  -- Why the last run could not look at the timetable at all (AimHarder down, no booking window…).
  last_run_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index goals_member on goals (member_id, created_at);
create index goals_active on goals (status) where status = 'active';
create trigger goals_updated_at before update on goals for each row execute function set_updated_at();
alter table goals enable row level security;

-- Holidays: no prebooking for a class whose day falls in [starts_on, ends_on] (box-local dates).
create table goal_skip_dates (
  id bigint generated always as identity primary key,
  goal_id uuid not null references goals (id) on delete cascade,
  starts_on date not null,
  ends_on date not null,
  note text check (note is null or char_length(note) <= 100),
  check (ends_on >= starts_on)
);
create index goal_skip_dates_goal on goal_skip_dates (goal_id, starts_on);
alter table goal_skip_dates enable row level security;

-- What the last materialisation decided for each class day of a goal, and why (shown to the member).
create table goal_occurrences (
  goal_id uuid not null references goals (id) on delete cascade,
  class_day date not null,
  outcome text not null check (outcome in (
    'prebooked', 'already_prebooked', 'already_booked', 'skipped', 'no_matching_class',
    'member_cancelled', 'ended', 'error'
  )),
  aimharder_class_id text,
  prebooking_id uuid references prebookings (id) on delete set null,
  detail text not null default '',
  evaluated_at timestamptz not null default now(),
  primary key (goal_id, class_day)
);
alter table goal_occurrences enable row level security;

-- Which goal made a prebooking (null for manual ones). Past prebookings survive their goal.
alter table prebookings add column goal_id uuid references goals (id) on delete set null;
create index prebookings_goal on prebookings (goal_id, class_day) where goal_id is not null;

-- Creates or updates a goal and (when p_skips is not null) replaces its skip dates, in one
-- transaction, so a goal is never visible with half of its holidays. Returns the goal id, or null
-- when p_goal_id does not belong to p_member_id.
create or replace function save_goal(p_goal_id uuid, p_member_id uuid, p_goal jsonb, p_skips jsonb)
returns uuid
language plpgsql
security definer
set search_path = public
as $$
declare
  v_id uuid;
  -- Some PostgREST implementations (@supabase/lite) hand a jsonb argument over as a JSON string.
  v_goal jsonb := case when jsonb_typeof(p_goal) = 'string' then (p_goal #>> '{}')::jsonb else p_goal end;
  v_skips jsonb := case when jsonb_typeof(p_skips) = 'string' then (p_skips #>> '{}')::jsonb else p_skips end;
  v_weekdays smallint[] := array(select (value)::smallint from jsonb_array_elements_text(v_goal -> 'weekdays'));
begin
  if p_goal_id is null then
    insert into goals (member_id, box_id, weekdays, start_time, class_name, class_name_match, waitlist_if_full, status)
    values (
      p_member_id,
      (v_goal ->> 'box_id')::integer,
      v_weekdays,
      v_goal ->> 'start_time',
      v_goal ->> 'class_name',
      v_goal ->> 'class_name_match',
      (v_goal ->> 'waitlist_if_full')::boolean,
      v_goal ->> 'status'
    )
    returning id into v_id;
  else
    update goals
       set box_id = (v_goal ->> 'box_id')::integer,
           weekdays = v_weekdays,
           start_time = v_goal ->> 'start_time',
           class_name = v_goal ->> 'class_name',
           class_name_match = v_goal ->> 'class_name_match',
           waitlist_if_full = (v_goal ->> 'waitlist_if_full')::boolean,
           status = v_goal ->> 'status',
           revision = revision + 1
     where id = p_goal_id and member_id = p_member_id
    returning id into v_id;
    if not found then
      return null;
    end if;
  end if;
  if v_skips is not null and jsonb_typeof(v_skips) = 'array' then
    delete from goal_skip_dates where goal_id = v_id;
    insert into goal_skip_dates (goal_id, starts_on, ends_on, note)
    select v_id, (skip ->> 'from')::date, coalesce((skip ->> 'to')::date, (skip ->> 'from')::date), nullif(skip ->> 'note', '')
      from jsonb_array_elements(v_skips) as skip;
  end if;
  return v_id;
end;
$$;
revoke all on function save_goal(uuid, uuid, jsonb, jsonb) from public, anon, authenticated;
grant execute on function save_goal(uuid, uuid, jsonb, jsonb) to service_role;

-- Which outcome emails a member wants. No row = 'all'.
create table notification_preferences (
  member_id uuid primary key references members (id) on delete cascade,
  email_outcomes text not null default 'all' check (email_outcomes in ('all', 'failures', 'none')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger notification_preferences_updated_at before update on notification_preferences
  for each row execute function set_updated_at();
alter table notification_preferences enable row level security;

-- One row per (prebooking, outcome, channel): the claim that makes sending idempotent under QStash
-- redelivery. 'sending' rows are owned by claim_token until claimed_at + lease; 'failed' rows are
-- retried by the next delivery; 'sent' and 'skipped' are final.
create table notification_deliveries (
  id uuid primary key default gen_random_uuid(),
  prebooking_id uuid not null references prebookings (id) on delete cascade,
  member_id uuid not null references members (id) on delete cascade,
  channel text not null default 'email' check (channel in ('email')),
  outcome text not null check (outcome in ('booked', 'waitlisted', 'failed')),
  status text not null check (status in ('sending', 'sent', 'failed', 'skipped')),
  claim_token uuid,
  claimed_at timestamptz,
  attempts integer not null default 0,
  sent_at timestamptz,
  smtp_message_id text,
  skip_reason text,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (prebooking_id, outcome, channel)
);
create index notification_deliveries_member on notification_deliveries (member_id, created_at desc);
create trigger notification_deliveries_updated_at before update on notification_deliveries
  for each row execute function set_updated_at();
alter table notification_deliveries enable row level security;

-- The private iCal feed: one live token per member. Looked up by its SHA-256 (the URL is the only
-- secret), kept encrypted so the member can see the URL again; deleting the row revokes it.
create table calendar_feeds (
  member_id uuid primary key references members (id) on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  token_ciphertext text not null,
  created_at timestamptz not null default now(),
  last_accessed_at timestamptz
);
alter table calendar_feeds enable row level security;
