-- Goals with second choices (issue 17) and "book if open" (issue 19).
--
-- A goal's ordered fallbacks, [{startTime, className}] on the same day ("every Monday 18:00 WOD,
-- else 19:00 WOD"): each run turns them into the alternatives of the prebooking it makes. At most
-- five, like a prebooking's alternatives (the classes they name must exist that day to be used).
alter table goals
  add column alternatives jsonb not null default '[]'::jsonb
    check (jsonb_typeof(alternatives) = 'array' and jsonb_array_length(alternatives) <= 5);
-- When the goal's class is already open as the goal is saved, book it at once instead of only
-- offering "Book now". Off unless the member ticks it: a booking can cost a credit.
alter table goals add column book_if_open boolean not null default false;

-- save_goal writes the two new fields (absent keys keep the defaults); otherwise as before.
create or replace function save_goal(p_goal_id uuid, p_member_id uuid, p_goal jsonb, p_skips jsonb)
returns uuid
language plpgsql
security definer
set search_path = public
as $$
declare
  v_id uuid;
  -- Some PostgREST implementations (@supabase/lite) hand a jsonb argument over as a JSON string.
  v_goal jsonb := case when jsonb_typeof(p_goal) = 'string' then (p_goal #>> '{}')::jsonb else p_goal end;
  v_skips jsonb := case when jsonb_typeof(p_skips) = 'string' then (p_skips #>> '{}')::jsonb else p_skips end;
  v_weekdays smallint[] := array(select (value)::smallint from jsonb_array_elements_text(v_goal -> 'weekdays'));
  v_alternatives jsonb := coalesce(v_goal -> 'alternatives', '[]'::jsonb);
  v_book_if_open boolean := coalesce((v_goal ->> 'book_if_open')::boolean, false);
begin
  if p_goal_id is null then
    insert into goals (member_id, box_id, weekdays, start_time, class_name, class_name_match, waitlist_if_full, status, alternatives, book_if_open)
    values (
      p_member_id,
      (v_goal ->> 'box_id')::integer,
      v_weekdays,
      v_goal ->> 'start_time',
      v_goal ->> 'class_name',
      v_goal ->> 'class_name_match',
      (v_goal ->> 'waitlist_if_full')::boolean,
      v_goal ->> 'status',
      v_alternatives,
      v_book_if_open
    )
    returning id into v_id;
  else
    update goals
       set box_id = (v_goal ->> 'box_id')::integer,
           weekdays = v_weekdays,
           start_time = v_goal ->> 'start_time',
           class_name = v_goal ->> 'class_name',
           class_name_match = v_goal ->> 'class_name_match',
           waitlist_if_full = (v_goal ->> 'waitlist_if_full')::boolean,
           status = v_goal ->> 'status',
           alternatives = v_alternatives,
           book_if_open = v_book_if_open,
           revision = revision + 1
     where id = p_goal_id and member_id = p_member_id
    returning id into v_id;
    if not found then
      return null;
    end if;
  end if;
  if v_skips is not null and jsonb_typeof(v_skips) = 'array' then
    delete from goal_skip_dates where goal_id = v_id;
    insert into goal_skip_dates (goal_id, starts_on, ends_on, note)
    select v_id, (skip ->> 'from')::date, coalesce((skip ->> 'to')::date, (skip ->> 'from')::date), nullif(skip ->> 'note', '')
      from jsonb_array_elements(v_skips) as skip;
  end if;
  return v_id;
end;
$$;
revoke all on function save_goal(uuid, uuid, jsonb, jsonb) from public, anon, authenticated;
grant execute on function save_goal(uuid, uuid, jsonb, jsonb) to service_role;
