-- The executor role brought its own clock: claim_prebooking computed the lease, the delivery time
-- and the commit window from the caller's p_now, p_lease_ms and p_commit_ms. With a leaked
-- DATABASE_URL, a claim with p_now = '9999-01-01' took a live execution's lease (its expiry
-- looked past), pinned the row for ever and let the holder record a forged outcome.
--
-- Now every instant is the database's own clock_timestamp(); p_now is kept in the signature for
-- the callers already deployed, and ignored. The durations are capped (lease ≤ 10 min, commit
-- window ≤ 2 min, both ≥ 0), and a recorded fire instant can lie neither in the future nor before
-- the claim. The role's power stays what 20261202000200 says: claim, then, holding the lease the
-- claim handed out, record that execution's fire and outcome.
create or replace function claim_prebooking(p_id uuid, p_now timestamptz, p_lease_ms integer, p_commit_ms integer default null)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_now timestamptz;
  v_lease interval;
  v_commit interval;
  v_previous prebooking_status;
  v_row prebookings;
  v_box jsonb;
  v_email text;
  v_credentials jsonb;
begin
  v_lease := make_interval(secs => least(greatest(coalesce(p_lease_ms, 0), 0), 600000) / 1000.0);
  v_commit := case when p_commit_ms is null then null
                   else make_interval(secs => least(greatest(p_commit_ms, 0), 120000) / 1000.0) end;
  select status into v_previous from prebookings where id = p_id for update;
  if not found then
    return null;
  end if;
  -- Read after the row lock: a claim that waited behind another sees the lease that one took.
  v_now := clock_timestamp();
  update prebookings
     set status = 'executing',
         lease_token = gen_random_uuid(),
         lease_expires_at = v_now + v_lease,
         attempt_count = attempt_count + 1,
         delivered_at = coalesce(delivered_at, v_now),
         fire_committed_at = case
           when v_commit is not null and status = 'scheduled' and fired_at is null
                and v_now >= fire_at - v_commit
             then v_now
           else fire_committed_at
         end
   where id = p_id
     and (status = 'scheduled' or (status = 'executing' and lease_expires_at < v_now))
  returning * into v_row;
  if not found then
    return null;
  end if;
  select to_jsonb(b) into v_box from boxes b where b.aimharder_box_id = v_row.box_id;
  select m.email into v_email from members m where m.id = v_row.member_id;
  select to_jsonb(c) into v_credentials from aimharder_credentials c where c.member_id = v_row.member_id;
  return jsonb_build_object(
    'prebooking', to_jsonb(v_row),
    'previous_status', v_previous,
    'box', v_box,
    'member_email', v_email,
    'credentials', v_credentials
  );
end;
$$;

create or replace function record_prebooking_fire(p_id uuid, p_lease_token uuid, p_fired_at timestamptz, p_events jsonb)
returns boolean
language plpgsql
security definer
set search_path = public
as $$
declare
  v_now timestamptz := clock_timestamp();
  v_claimed_at timestamptz;
begin
  select delivered_at into v_claimed_at from prebookings
   where id = p_id and lease_token = p_lease_token
   for update;
  if not found then
    return false;
  end if;
  -- The fire instant is measured by the execution, but it happened between the claim and now.
  update prebookings
     set fired_at = least(greatest(coalesce(p_fired_at, v_now), coalesce(v_claimed_at, v_now) - interval '1 minute'), v_now)
   where id = p_id and fired_at is null;
  insert into prebooking_events (prebooking_id, type, detail, occurred_at)
  select p_id, event ->> 'type', coalesce(event -> 'detail', '{}'::jsonb), (event ->> 'occurred_at')::timestamptz
    from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) as event;
  return true;
end;
$$;
