-- What Prebooker knows about each AimHarder host's clock (issue 16): one row per measurement, the
-- newest per host is the estimate an execution starts from, the older ones are its history on the
-- admin health page. RLS on and no policy: only the server (secret key) reads or writes.
create table box_clock_estimates (
  id bigint generated always as identity primary key,
  -- The box's booking host without the scheme, e.g. 'mybox.aimharder.com'.
  host text not null check (char_length(host) between 1 and 255),
  -- Box clock minus ours, as an interval [lo, hi) in ms, and the one-way latency of the fastest
  -- requests: a request let go at t arrives at t + offset + latency on the box clock.
  offset_lo_ms double precision not null,
  offset_hi_ms double precision not null,
  latency_ms double precision not null check (latency_ms >= 0 and latency_ms < 60000),
  measured_at timestamptz not null,
  samples integer not null check (samples >= 0),
  source text not null check (source in ('probe', 'booking')),
  created_at timestamptz not null default now(),
  check (offset_lo_ms <= offset_hi_ms),
  check (abs(offset_lo_ms) < 86400000 and abs(offset_hi_ms) < 86400000)
);
create index box_clock_estimates_host_measured on box_clock_estimates (host, measured_at desc);
alter table box_clock_estimates enable row level security;
