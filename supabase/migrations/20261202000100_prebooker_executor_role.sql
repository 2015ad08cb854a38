-- An execution's one database call before its booking request, claim_prebooking, goes over a
-- direct PostgreSQL connection (DATABASE_URL) rather than the HTTP API: one round trip to Postgres
-- instead of an HTTP request that the API server turns into several statements (~0.2 ms against
-- ~7 ms on the local stack; BENCHMARKS.md, bench:webhook). That connection signs in as this role,
-- which can do exactly one thing: call claim_prebooking (security definer). It reads no table, so
-- a leaked DATABASE_URL exposes no more than a claim by id. Its password is set where the
-- deployment is configured (README, "Deploying"), never in a migration.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'prebooker_executor') then
    create role prebooker_executor login noinherit;
  end if;
end
$$;

grant usage on schema public to prebooker_executor;
grant execute on function claim_prebooking(uuid, timestamptz, integer, integer) to prebooker_executor;
