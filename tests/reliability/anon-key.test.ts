/**
 * The publishable (anon) key, which is public by nature, reaches no data: for every table of the
 * public schema (read from supabase/migrations, cross-checked with the secret key) supabase-js
 * selects zero rows or gets a permission error, and inserts, updates, upserts and deletes are all
 * refused; the SQL functions are not callable. Each table holds at least one row during the test,
 * so "zero rows" means "hidden", not "empty".
 */
import { createClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, publicFunctionsFromMigrations, publicTablesFromMigrations, snapshotState, type StateSnapshot } from './security-support';

const TABLES = publicTablesFromMigrations();
const FUNCTIONS = publicFunctionsFromMigrations();

describe('the publishable (anon) key', () => {
  const { urls, env } = getTestStack();
  const anon = createClient(urls.supabase, env.SUPABASE_PUBLISHABLE_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  let before: StateSnapshot;
  /** One existing row per table (its first column values), to aim updates and deletes at real rows. */
  const sampleRows = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    // Rows in the tables a member's first steps do not fill: a prebooking, a goal with a skip,
    // a calendar feed, a notification preference.
    const member = await newSignedInMember('anon-key');
    await createPrebookingFor(member, await createSimClass({ opensInMs: 45 * 60_000 }));
    await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, weekdays: [1], startTime: '05:30', className: 'ANON GOAL', skips: [{ from: '2027-08-01' }] }),
    });
    await member.fetch('/api/me/calendar', { method: 'POST' });
    await member.fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOutcomes: 'failures' }) });
    for (const table of TABLES) {
      const { data, error } = await testDatabase().from(table).select('*').limit(1);
      expect(error, `${table} with the secret key`).toBeNull();
      if (data?.[0]) sampleRows.set(table, data[0] as Record<string, unknown>);
    }
    before = await snapshotState();
  }, 90_000);

  test('the migrations define the tables the app uses, and the secret key sees each', () => {
    expect(TABLES).toEqual(expect.arrayContaining(['members', 'aimharder_credentials', 'prebookings', 'prebooking_events']));
    expect([...sampleRows.keys()]).toEqual(expect.arrayContaining(['members', 'boxes', 'aimharder_credentials', 'prebookings', 'prebooking_events', 'goals', 'calendar_feeds']));
  });

  test.each(TABLES)('select * from %s → no rows', async (table) => {
    const { data, error } = await anon.from(table).select('*');
    if (error) expect(error.message).toEqual(expect.any(String));
    else expect(data).toEqual([]);
    const { count } = await anon.from(table).select('*', { count: 'exact', head: true });
    expect(count ?? 0).toBe(0);
  });

  test.each(TABLES)('insert, upsert, update and delete on %s → refused, nothing changes', async (table) => {
    const sample = sampleRows.get(table) ?? { id: '00000000-0000-4000-8000-000000000000' };
    const [firstColumn, firstValue] = Object.entries(sample)[0]!;
    const attempts = [
      ['insert', await anon.from(table).insert(sample).select()],
      ['upsert', await anon.from(table).upsert(sample).select()],
      ['update', await anon.from(table).update({ [firstColumn]: firstValue }).eq(firstColumn, firstValue as string).select()],
      ['update every row', await anon.from(table).update({ [firstColumn]: firstValue }).not(firstColumn, 'is', null).select()],
      ['delete', await anon.from(table).delete().eq(firstColumn, firstValue as string).select()],
      ['delete every row', await anon.from(table).delete().not(firstColumn, 'is', null).select()],
    ] as const;
    for (const [what, result] of attempts) {
      // Refused outright, or (RLS) allowed to touch nothing: no row may come back.
      if (!result.error) expect(result.data ?? [], `${what} on ${table}`).toEqual([]);
    }
    expect(attempts.filter(([, result]) => !result.error && (result.data ?? []).length > 0)).toEqual([]);
  });

  test.each(FUNCTIONS)('rpc %s → refused', async (name) => {
    // Real arguments where the function takes some, so a refusal is about the key, not the call.
    const prebookingId = sampleRows.get('prebookings')?.id;
    const memberId = sampleRows.get('members')?.id;
    const args: Record<string, Record<string, unknown>> = {
      claim_prebooking: { p_id: prebookingId, p_now: new Date().toISOString(), p_lease_ms: 60_000 },
      reserve_sign_in_attempt: { p_email_key: 'email:anon@test.local', p_address_key: 'ip:anon', p_email_limit: 5, p_address_limit: 20, p_window_seconds: 900 },
      settle_idle_prebooking: { p_id: prebookingId, p_message_id: null, p_status: 'failed', p_result_code: 'forged', p_result_message: 'forged' },
      save_goal: { p_goal_id: null, p_member_id: memberId, p_goal: { box_id: 10122, weekdays: [1], start_time: '05:30', class_name: 'ANON RPC' }, p_skips: [] },
    };
    const { data, error } = await anon.rpc(name, args[name] ?? {});
    expect(error, `rpc ${name} answered ${JSON.stringify(data)}`).not.toBeNull();
  });

  test('nothing the anon key tried changed any table', async () => {
    expect(diffSnapshots(before, await snapshotState())).toEqual([]);
  });
});
