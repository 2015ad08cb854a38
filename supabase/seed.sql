-- Local demo data (npm run dev and the tests; `supabase db push` never runs this file).
-- The demo boxes mirror dev/aimharder's seeded boxes, with their booking-window rules known.
insert into boxes (aimharder_box_id, subdomain, display_name, time_zone, booking_window_rule, booking_window_source)
values
  (10122, 'demobox', 'Prebooker Demo Box', 'Europe/Madrid', '{"kind":"rolling_days","days":4}', 'configured')
on conflict (aimharder_box_id) do nothing;
