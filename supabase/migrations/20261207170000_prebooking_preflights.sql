-- Pre-flight checks (issue 17): some minutes before a prebooking fires, Prebooker asks AimHarder
-- whether anything it could know already would make the booking fail, and stores what it found
-- here, one row per prebooking. `fire_at` is the fire instant the last check was made for: a
-- QStash delivery for an instant already checked does nothing (idempotent per prebooking and
-- fire instant), and a moved instant asks for a new check.
create table prebooking_preflights (
  prebooking_id uuid primary key references prebookings (id) on delete cascade,
  -- A refused password is the member's, not the prebooking's: the next check of their other
  -- prebookings reuses it instead of signing in with it again (AimHarder locks after 5 refusals).
  member_id uuid not null references members (id) on delete cascade,
  fire_at timestamptz not null,
  -- ok: nothing found; action_needed: at least one finding the member must act on;
  -- fixed: only findings Prebooker fixed itself (said, nothing left to do).
  state text not null check (state in ('ok', 'action_needed', 'fixed')),
  -- [{code, severity: 'action'|'fixed'|'info', message, detail}] in member-readable English; the
  -- UI words them per locale from the code and detail.
  findings jsonb not null default '[]'::jsonb check (jsonb_typeof(findings) = 'array'),
  checked_at timestamptz not null,
  -- The codes the member was last emailed about for this fire instant, so a redelivery or a
  -- repeated check with the same findings sends no second email.
  notified_key text,
  notified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index prebooking_preflights_member on prebooking_preflights (member_id, checked_at desc);
create index prebooking_preflights_open on prebooking_preflights (state) where state = 'action_needed';
create trigger prebooking_preflights_updated_at before update on prebooking_preflights
  for each row execute function set_updated_at();
alter table prebooking_preflights enable row level security;
