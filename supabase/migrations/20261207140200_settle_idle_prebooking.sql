-- Ending a prebooking from outside its execution (QStash's failure callback, the sweep) must not
-- overrule an execution that is running. Before, the callback failed whatever row its body named:
-- the final failure of a first message could flip a second, running execution to `failed`, and the
-- member could be booked while told "Not booked"; and the sweep's update did not re-check the lease
-- it had read a moment earlier.
--
-- settle_idle_prebooking ends an active prebooking only
--   * when no execution holds a live lease (checked on the database's clock, in the update), and
--   * when p_message_id is given, if it is the row's current message (qstash_schedule_id), or the
--     row has none recorded.
-- It returns the updated row, or null when it left the prebooking alone. Secret key only.
create function settle_idle_prebooking(
  p_id uuid,
  p_message_id text,
  p_status prebooking_status,
  p_result_code text,
  p_result_message text,
  p_reservation_id text default null
)
returns jsonb
language plpgsql
security definer
set search_path = public
as $$
declare
  v_row prebookings;
begin
  if p_status not in ('completed', 'failed') then
    raise exception 'a prebooking is settled completed or failed, not %', p_status using errcode = '22023';
  end if;
  update prebookings
     set status = p_status,
         result_code = p_result_code,
         result_message = p_result_message,
         aimharder_reservation_id = coalesce(p_reservation_id, aimharder_reservation_id),
         lease_token = null,
         lease_expires_at = null
   where id = p_id
     and status in ('pending', 'scheduled', 'executing')
     and (lease_expires_at is null or lease_expires_at < clock_timestamp())
     and (p_message_id is null or qstash_schedule_id is null or qstash_schedule_id = p_message_id)
  returning * into v_row;
  if not found then
    return null;
  end if;
  return to_jsonb(v_row);
end;
$$;
revoke all on function settle_idle_prebooking(uuid, text, prebooking_status, text, text, text) from public, anon, authenticated;
grant execute on function settle_idle_prebooking(uuid, text, prebooking_status, text, text, text) to service_role;
