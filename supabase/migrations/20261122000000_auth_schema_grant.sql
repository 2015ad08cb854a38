-- Hosted Supabase grants this already; @supabase/lite does not, and without it auth.uid() inside
-- our own SQL functions fails with "permission denied for schema auth". Harmless on hosted.
grant usage on schema auth to anon, authenticated, service_role;
