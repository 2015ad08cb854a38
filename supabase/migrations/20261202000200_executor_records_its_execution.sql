-- After its booking request an execution records what happened: the instant it fired, its timeline
-- events, then its outcome. Over the HTTP API that was four requests, each several statements in
-- the API server; over the direct connection it is two round trips (record_prebooking_fire, then
-- finish_prebooking_execution). On the local stack those requests were most of an execution's
-- database CPU and of the app's short-lived garbage, both of which land on the next execution
-- (BENCHMARKS.md, bench:webhook).
--
-- Both functions act only for the holder of the prebooking's lease: the lease token is a random
-- UUID that claim_prebooking hands to the execution alone, so the executor role, which reads no
-- table, can only record for an execution it is running. Events are written only while the lease
-- is held; an execution that lost its lease (cancelled, or reclaimed after expiry) gets false/null
-- and writes its events through the secret-key API instead.

create function record_prebooking_fire(p_id uuid, p_lease_token uuid, p_fired_at timestamptz, p_events jsonb)
returns boolean
language plpgsql
security definer
set search_path = public
as $$
begin
  perform 1 from prebookings where id = p_id and lease_token = p_lease_token for update;
  if not found then
    return false;
  end if;
  update prebookings set fired_at = p_fired_at where id = p_id and fired_at is null;
  insert into prebooking_events (prebooking_id, type, detail, occurred_at)
  select p_id, event ->> 'type', coalesce(event -> 'detail', '{}'::jsonb), (event ->> 'occurred_at')::timestamptz
    from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) as event;
  return true;
end;
$$;

create function finish_prebooking_execution(p_id uuid, p_lease_token uuid, p_outcome jsonb, p_events jsonb)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_row prebookings;
begin
  if p_outcome ->> 'status' not in ('completed', 'failed') then
    raise exception 'an execution ends completed or failed, not %', p_outcome ->> 'status' using errcode = '22023';
  end if;
  update prebookings
     set status = (p_outcome ->> 'status')::prebooking_status,
         result_code = p_outcome ->> 'result_code',
         result_message = p_outcome ->> 'result_message',
         aimharder_reservation_id = p_outcome ->> 'reservation_id',
         responded_at = coalesce((p_outcome ->> 'responded_at')::timestamptz, responded_at),
         lease_token = null,
         lease_expires_at = null
   where id = p_id
     and status = 'executing'
     and lease_token = p_lease_token
  returning * into v_row;
  if not found then
    return null;
  end if;
  insert into prebooking_events (prebooking_id, type, detail, occurred_at)
  select p_id, event ->> 'type', coalesce(event -> 'detail', '{}'::jsonb), (event ->> 'occurred_at')::timestamptz
    from jsonb_array_elements(coalesce(p_events, '[]'::jsonb)) as event;
  return to_jsonb(v_row);
end;
$$;

revoke all on function record_prebooking_fire(uuid, uuid, timestamptz, jsonb) from public, anon, authenticated;
revoke all on function finish_prebooking_execution(uuid, uuid, jsonb, jsonb) from public, anon, authenticated;
grant execute on function record_prebooking_fire(uuid, uuid, timestamptz, jsonb) to service_role, prebooker_executor;
grant execute on function finish_prebooking_execution(uuid, uuid, jsonb, jsonb) to service_role, prebooker_executor;
