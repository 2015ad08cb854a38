-- Web push (issue 18): a member's devices, their per-channel preference, and push deliveries.

-- One row per device that turned push on. The endpoint is a capability URL and p256dh/auth are the
-- keys its payloads are encrypted to, so all three are sealed (core/crypto/secret-box, bound to the
-- member); the endpoint's SHA-256 makes "this device again" an upsert and keeps devices unique.
create table push_subscriptions (
  id uuid primary key default gen_random_uuid(),
  member_id uuid not null references members (id) on delete cascade,
  endpoint_hash text not null unique check (endpoint_hash ~ '^[0-9a-f]{64}$'),
  endpoint_ciphertext text not null,
  keys_ciphertext text not null,
  -- What the member sees in their device list ("Chrome on Android"); never used to send.
  device_label text not null check (char_length(device_label) between 1 and 80),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_sent_at timestamptz
);
create index push_subscriptions_member on push_subscriptions (member_id, created_at);
create trigger push_subscriptions_updated_at before update on push_subscriptions
  for each row execute function set_updated_at();
alter table push_subscriptions enable row level security;

-- The push channel's preference, next to the email one. No row = 'all' for both.
alter table notification_preferences
  add column push_outcomes text not null default 'all' check (push_outcomes in ('all', 'failures', 'none'));

-- notification_deliveries now holds one claim per (prebooking, outcome, channel) for push too.
alter table notification_deliveries drop constraint notification_deliveries_channel_check;
alter table notification_deliveries add constraint notification_deliveries_channel_check check (channel in ('email', 'push'));

-- Which devices already got a push outcome: a QStash retry after one device's push service failed
-- sends to the others only, so a device gets at most one push per outcome.
create table push_device_deliveries (
  prebooking_id uuid not null references prebookings (id) on delete cascade,
  outcome text not null check (outcome in ('booked', 'waitlisted', 'failed')),
  subscription_id uuid not null references push_subscriptions (id) on delete cascade,
  status smallint not null,
  delivered_at timestamptz not null default now(),
  primary key (prebooking_id, outcome, subscription_id)
);
create index push_device_deliveries_subscription on push_device_deliveries (subscription_id);
alter table push_device_deliveries enable row level security;
