-- The claim also hands back what an execution needs before its booking request — the box, the
-- member's email and their sealed AimHarder credentials — and, when the delivery is already inside
-- the commit window (p_commit_ms before the fire instant), closes the cancel window in the same
-- statement. A delivery that arrives at or after the opening instant then makes exactly one round
-- trip to the database before it books. A reclaimed prebooking (previous invocation died) or one
-- already fired never commits here: it must reconcile with AimHarder first.
drop function if exists claim_prebooking(uuid, timestamptz, integer);

create function claim_prebooking(p_id uuid, p_now timestamptz, p_lease_ms integer, p_commit_ms integer default null)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_previous prebooking_status;
  v_row prebookings;
  v_box jsonb;
  v_email text;
  v_credentials jsonb;
begin
  select status into v_previous from prebookings where id = p_id for update;
  if not found then
    return null;
  end if;
  update prebookings
     set status = 'executing',
         lease_token = gen_random_uuid(),
         lease_expires_at = p_now + make_interval(secs => p_lease_ms / 1000.0),
         attempt_count = attempt_count + 1,
         delivered_at = coalesce(delivered_at, p_now),
         fire_committed_at = case
           when p_commit_ms is not null and status = 'scheduled' and fired_at is null
                and p_now >= fire_at - make_interval(secs => p_commit_ms / 1000.0)
             then p_now
           else fire_committed_at
         end
   where id = p_id
     and (status = 'scheduled' or (status = 'executing' and lease_expires_at < p_now))
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
revoke all on function claim_prebooking(uuid, timestamptz, integer, integer) from public, anon, authenticated;
grant execute on function claim_prebooking(uuid, timestamptz, integer, integer) to service_role;
