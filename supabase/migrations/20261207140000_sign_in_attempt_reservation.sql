-- Sign-in throttling that parallel requests cannot beat. Counting failures, then asking AimHarder
-- (seconds), then recording the failure let 40 concurrent sign-ins for one email all pass the
-- count before any was recorded: 40 password attempts reached AimHarder against a limit of 5.
-- Now an attempt is reserved before AimHarder is asked, in one statement that counts and inserts
-- under a per-key lock; the reservation stays "in flight" (succeeded is null) until the answer
-- comes, and everything but a success counts against the limit (wrong password, AimHarder's own
-- lock-out, errors, and an attempt whose function died mid-way).
alter table sign_in_attempts alter column succeeded drop not null;
alter table sign_in_attempts alter column attempted_at set default clock_timestamp();
-- Pruning deletes by age alone.
create index sign_in_attempts_attempted_at on sign_in_attempts (attempted_at);

create function reserve_sign_in_attempt(
  p_email_key text,
  p_address_key text,
  p_email_limit integer,
  p_address_limit integer,
  p_window_seconds integer
)
returns bigint[]
language plpgsql
security definer
set search_path = public
as $$
declare
  v_since timestamptz;
  v_ids bigint[];
begin
  if p_email_key is null or p_address_key is null or p_email_key = p_address_key
     or p_email_limit is null or p_email_limit < 1 or p_address_limit is null or p_address_limit < 1
     or p_window_seconds is null or p_window_seconds not between 1 and 86400 then
    raise exception 'reserve_sign_in_attempt: bad arguments' using errcode = '22023';
  end if;
  -- Attempts on the same email or address queue here (in key order, so two keys never deadlock);
  -- the lock lasts until this statement's transaction commits, after the insert below.
  perform pg_advisory_xact_lock(hashtextextended(key, 0))
     from unnest(array[p_email_key, p_address_key]) as key
    order by key;
  v_since := clock_timestamp() - make_interval(secs => p_window_seconds);
  if (select count(*) from sign_in_attempts
       where throttle_key = p_email_key and attempted_at >= v_since and succeeded is not true) >= p_email_limit
     or (select count(*) from sign_in_attempts
          where throttle_key = p_address_key and attempted_at >= v_since and succeeded is not true) >= p_address_limit then
    return null;
  end if;
  with inserted as (
    insert into sign_in_attempts (throttle_key, succeeded, attempted_at)
    values (p_email_key, null, clock_timestamp()), (p_address_key, null, clock_timestamp())
    returning id
  )
  select array_agg(id order by id) into v_ids from inserted;
  -- No window is longer than a day: older rows only grow the table.
  delete from sign_in_attempts where attempted_at < clock_timestamp() - interval '1 day';
  return v_ids;
end;
$$;
revoke all on function reserve_sign_in_attempt(text, text, integer, integer, integer) from public, anon, authenticated;
grant execute on function reserve_sign_in_attempt(text, text, integer, integer, integer) to service_role;
