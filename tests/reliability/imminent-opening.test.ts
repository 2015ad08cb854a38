/**
 * A prebooking whose class opens within the delivery lead gets its QStash message delivered at
 * once, possibly before the create request has finished. The row must already be claimable then:
 * a delivery that found it still `pending` was answered 200 and dropped, and the class fired only
 * after the next sweep, minutes late.
 *
 * The race is made certain rather than lucky: for the duration of the test, every write the app
 * makes to these prebookings through the Supabase API (not the executor's claim) starts 1.5 s late
 * while one of them is still `pending` — as a slow API call in production would. A delivery then
 * always arrives while the create request is still busy after publishing.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bookRequests, createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, simRequests, waitForTerminal } from '../support/app-client';
import { stackPostgresAdminUrl, warmRoutes } from './reliability-support';

const MEMBERS = 4;
const CLASS_PREFIX = 'Imminent';
let admin: postgres.Sql;

beforeAll(async () => {
  admin = postgres(stackPostgresAdminUrl().replace(/\/postgres$/, '/prebooker'), { max: 1, onnotice: () => {} });
  // Statement level: it waits before touching any row, so it holds no lock a claim would queue on.
  await admin.unsafe(`
    create or replace function public.test_slow_api_writes() returns trigger
    language plpgsql security definer set search_path = public as $$
    begin
      if session_user <> 'prebooker_executor'
         and exists (select 1 from prebookings where status = 'pending' and class_name like '${CLASS_PREFIX} %') then
        perform pg_sleep(1.5);
      end if;
      return null;
    end $$;
    drop trigger if exists test_slow_api_writes on prebookings;
    create trigger test_slow_api_writes before update on prebookings for each statement execute function public.test_slow_api_writes();
  `);
});

afterAll(async () => {
  await admin?.unsafe('drop trigger if exists test_slow_api_writes on prebookings; drop function if exists public.test_slow_api_writes();');
  await admin?.end();
});

/** The simulator opens classes on whole minutes: wait until the next one is this close. */
async function untilMinuteIsWithin(ms: number): Promise<void> {
  const toNextMinute = 60_000 - (Date.now() % 60_000);
  if (toNextMinute > ms) await new Promise((resolve) => setTimeout(resolve, toNextMinute - ms));
}

test('prebookings for classes opening in a moment book at the instant, none is dropped', async () => {
  await warmRoutes();
  const members = await Promise.all(Array.from({ length: MEMBERS }, (_unused, index) => newSignedInMember(`imminent-${index}`)));
  // About 3 s before a whole minute, inside the 3 s lead by the time the message is published.
  await untilMinuteIsWithin(3_200);
  const classes = await Promise.all(members.map((_member, index) => createSimClass({ opensInMs: 1_000, name: `${CLASS_PREFIX} ${index}` })));
  const created = await Promise.all(members.map((member, index) => createPrebookingFor(member, classes[index]!)));

  for (const [index, prebooking] of created.entries()) {
    const member = members[index]!;
    // Well inside the sweep interval (5 min): only the message published at creation can book it.
    const done = await waitForTerminal(member, prebooking.id, 20_000);
    expect(done, `prebooking ${index}`).toMatchObject({ status: 'completed', resultCode: 'booked' });
    const { events } = await getPrebooking(member, prebooking.id);
    expect(events.map((event) => event.type), `prebooking ${index}`).not.toContain('delivery_ignored');
    expect(done.qstashMessageId, `prebooking ${index}`).toMatch(/^msg_/);
    // Booked from that first delivery, and not early: one request, at or after the opening.
    expect(bookRequests(await simRequests(classes[index]!.id))).toHaveLength(1);
    expect(done.fireOffsetMs!).toBeGreaterThanOrEqual(0);
  }
}, 120_000);
