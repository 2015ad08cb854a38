/**
 * The app's direct database connection (DATABASE_URL) signs in as `prebooker_executor`, which
 * exists for an execution's own calls: its claim, then recording its fire and its outcome under the
 * lease the claim handed it. Were that URL to leak, it must reach no data: every table of the
 * public schema (read from supabase/migrations) refuses it every privilege and an actual read, of
 * the migrations' functions it may execute those three alone, and without a lease token the two
 * recording calls write nothing. Nothing it tries changes any state.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, publicFunctionsFromMigrations, publicTablesFromMigrations, snapshotState, type StateSnapshot } from './security-support';

const TABLES = publicTablesFromMigrations();
const FUNCTIONS = publicFunctionsFromMigrations();
const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

describe('the executor role behind DATABASE_URL', () => {
  const executor = postgres(getTestStack().env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  let before: StateSnapshot;
  let prebookingId: string;

  beforeAll(async () => {
    // At least one row where it matters most: a prebooking and the member's sealed credentials.
    const member = await newSignedInMember('executor-role');
    prebookingId = (await createPrebookingFor(member, await createSimClass({ opensInMs: 45 * 60_000 }))).id;
    before = await snapshotState();
  }, 60_000);

  afterAll(async () => {
    await executor.end();
  });

  test('signs in as prebooker_executor, with no power over roles, databases or RLS', async () => {
    const [role] = await executor`
      select current_user as name, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication
        from pg_roles where rolname = current_user`;
    expect(role).toEqual({ name: 'prebooker_executor', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, rolreplication: false });
    const [schema] = await executor`select has_schema_privilege('public', 'CREATE') as can_create`;
    expect(schema!.can_create).toBe(false);
  });

  test.each(TABLES)('%s: no privilege, and a read is refused', async (table) => {
    for (const privilege of PRIVILEGES) {
      const [row] = await executor`select has_table_privilege(${`public.${table}`}, ${privilege}) as granted`;
      expect(row!.granted, `${privilege} on ${table}`).toBe(false);
    }
    await expect(executor.unsafe(`select * from public.${table} limit 1`)).rejects.toMatchObject({ code: '42501' });
    await expect(executor.unsafe(`delete from public.${table}`)).rejects.toMatchObject({ code: '42501' });
  });

  test('of the migrations’ functions it may call the execution’s three only', async () => {
    const rows = await executor<Array<{ name: string; executable: boolean; trigger: boolean }>>`
      select p.proname as name, has_function_privilege(p.oid, 'EXECUTE') as executable, p.prorettype = 'trigger'::regtype as trigger
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname in ${executor(FUNCTIONS)}`;
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(FUNCTIONS));
    // Trigger functions keep Postgres' default EXECUTE for PUBLIC, but no one can call them as functions.
    expect(rows.filter((row) => row.executable && !row.trigger).map((row) => row.name).sort()).toEqual(['claim_prebooking', 'finish_prebooking_execution', 'record_prebooking_fire']);
    for (const { name } of rows.filter((row) => row.trigger)) {
      await expect(executor.unsafe(`select public.${name}()`)).rejects.toMatchObject({ code: '0A000' });
    }
  });

  test('the claim it may make finds nothing for an unknown id', async () => {
    const [row] = await executor`select claim_prebooking(gen_random_uuid(), now(), 1000, null) as claim`;
    expect(row!.claim).toBeNull();
  });

  test('without the lease token of a running execution, recording its fire or outcome writes nothing', async () => {
    const events = executor.json([{ type: 'forged', detail: { by: 'executor-role test' }, occurred_at: new Date().toISOString() }]);
    const outcome = executor.json({ status: 'completed', result_code: 'booked', result_message: 'forged', reservation_id: 'forged' });
    for (const id of [prebookingId, crypto.randomUUID()]) {
      const [fire] = await executor`select record_prebooking_fire(${id}::uuid, gen_random_uuid(), now(), ${events}) as recorded`;
      expect(fire!.recorded).toBe(false);
      const [finish] = await executor`select finish_prebooking_execution(${id}::uuid, gen_random_uuid(), ${outcome}, ${events}) as finished`;
      expect(finish!.finished).toBeNull();
    }
    // Only an ending is recordable: a lease cannot be used to cancel or reopen a prebooking.
    await expect(
      executor`select finish_prebooking_execution(${prebookingId}::uuid, gen_random_uuid(), ${executor.json({ status: 'cancelled', result_code: 'x' })}, '[]'::jsonb)`,
    ).rejects.toMatchObject({ code: '22023' });
  });

  test('nothing it tried changed any state', async () => {
    expect(diffSnapshots(before, await snapshotState())).toEqual([]);
  });
});
