-- Members, the AimHarder boxes they belong to, and their encrypted AimHarder credentials.
-- Every table has RLS on and no policy: only the server (secret key, service_role) reads or writes.

create extension if not exists pgcrypto;

create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create type member_role as enum ('member', 'admin');

create table members (
  id uuid primary key default gen_random_uuid(),
  aimharder_user_id text not null unique,
  email text not null,
  display_name text not null,
  role member_role not null default 'member',
  locale text not null default 'en' check (locale in ('en', 'es')),
  -- Bumped to revoke every session cookie issued before (sign-out everywhere, "forget me").
  session_version integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index members_email_key on members (lower(email));
create trigger members_updated_at before update on members for each row execute function set_updated_at();
alter table members enable row level security;

create table boxes (
  aimharder_box_id integer primary key,
  subdomain text not null,
  display_name text not null,
  time_zone text not null default 'Europe/Madrid',
  -- {"kind":"rolling_days","days":4} | {"kind":"rolling_hours","hours":22} |
  -- {"kind":"fixed_time","daysAhead":2,"time":"12:00"}; null while unknown.
  booking_window_rule jsonb,
  -- 'configured' by an admin, or 'learned' from an ERROR_ANTELACION_CLIENTE answer.
  booking_window_source text check (booking_window_source in ('configured', 'learned')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger boxes_updated_at before update on boxes for each row execute function set_updated_at();
alter table boxes enable row level security;

create table box_memberships (
  member_id uuid not null references members (id) on delete cascade,
  box_id integer not null references boxes (aimharder_box_id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (member_id, box_id)
);
alter table box_memberships enable row level security;

create table aimharder_credentials (
  member_id uuid primary key references members (id) on delete cascade,
  -- AES-256-GCM envelopes ("v1.<iv>.<tag>.<ciphertext>", base64url) made by core/crypto.
  password_ciphertext text not null,
  session_ciphertext text,
  session_refreshed_at timestamptz,
  fingerprint text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger aimharder_credentials_updated_at before update on aimharder_credentials
  for each row execute function set_updated_at();
alter table aimharder_credentials enable row level security;

-- Sign-in throttling: one row per attempt, keyed by email and by client address.
create table sign_in_attempts (
  id bigint generated always as identity primary key,
  throttle_key text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index sign_in_attempts_key_time on sign_in_attempts (throttle_key, attempted_at desc);
alter table sign_in_attempts enable row level security;
