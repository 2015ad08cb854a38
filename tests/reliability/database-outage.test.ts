/**
 * Fault: the database is unreachable when the prebooking's delivery arrives, just before its fire
 * instant.
 *
 * Injected for real in the stack's embedded PostgreSQL, over a direct admin connection: the app's
 * database stops accepting connections (`allow_connections false`) and every open backend of it is
 * terminated, so the Supabase API the app talks to fails every query. It is restored once QStash has
 * seen a delivery fail and the fire instant has passed.
 *
 * The prebooking's message is published by the test with the app's own settings (execute route,
 * notBefore = fire − lead, the app's retry count and failure callback) so that it fires seconds from
 * now rather than at a whole-minute opening. The stack's QStash compresses retry backoff 500×; here
 * it runs at 1/20 of QStash's real backoff (retries after ~0.05 s, ~0.6 s and ~7 s) so that the
 * retries span a couple of seconds of outage, as the real ones span a real one.
 * Expected: QStash retries, the outcome is recorded once the database is back: `completed`, with
 * exactly one AimHarder booking request.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bookRequests, configureQStashFaults, configureSim, simRequests, testDatabase, waitFor, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { EXECUTE_PATH, FAILED_PATH, memberReservations, stackPostgresAdminUrl, stackQStash, stagePrebooking, warmRoutes } from './reliability-support';

/** The database dev/stack/database-cli.ts creates for the app. */
const APP_DATABASE = 'prebooker';

let originalRetryTimeScale: number | undefined;

async function qstashFaults(): Promise<{ retryTimeScale: number }> {
  const { urls, env } = getTestStack();
  const response = await fetch(`${urls.qstash}/__dev/faults`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` } });
  return (await response.json()) as { retryTimeScale: number };
}

async function messageEvents(messageId: string): Promise<Array<{ state: string }>> {
  const { urls, env } = getTestStack();
  const response = await fetch(`${urls.qstash}/v2/events?messageId=${messageId}`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` } });
  return ((await response.json()) as { events: Array<{ state: string }> }).events;
}

beforeAll(async () => {
  await warmRoutes();
  originalRetryTimeScale = (await qstashFaults()).retryTimeScale;
});

afterAll(async () => {
  if (originalRetryTimeScale !== undefined) await configureQStashFaults({ retryTimeScale: originalRetryTimeScale });
});

test('database unavailable at fire time: QStash retries and the outcome is recorded once it is back', async () => {
  const { urls, env } = getTestStack();
  const staged = await stagePrebooking('dbdown');
  await stackQStash().messages.cancel(staged.prebooking.qstashMessageId!);
  await configureSim({ openClassNow: staged.simClass.id });
  const fireAtMs = Date.now() + 6_000;
  const fireAt = new Date(fireAtMs).toISOString();
  await testDatabase().from('prebookings').update({ available_at: fireAt, fire_at: fireAt }).eq('id', staged.prebooking.id);
  await configureQStashFaults({ retryTimeScale: 0.05 });

  const admin = postgres(stackPostgresAdminUrl(), { max: 1, onnotice: () => {} });
  let messageId: string;
  try {
    await admin.unsafe(`alter database ${APP_DATABASE} allow_connections false`);
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${APP_DATABASE} and pid <> pg_backend_pid()`;
    try {
      ({ messageId } = await stackQStash().publishJSON({
        url: `${urls.app}${EXECUTE_PATH}`,
        body: { prebookingId: staged.prebooking.id },
        notBefore: Math.floor((fireAtMs - Number(env.PREBOOKING_LEAD_MS)) / 1000),
        retries: Number(env.PREBOOKING_QSTASH_RETRIES),
        failureCallback: `${urls.app}${FAILED_PATH}`,
        label: 'prebooking',
      }));
      // The outage lasts until a delivery has failed against it and the fire instant has passed.
      await waitFor(
        async () => Date.now() > fireAtMs && (await messageEvents(messageId)).some((event) => event.state === 'ERROR'),
        30_000,
        'a delivery to fail while the database is down',
      );
    } finally {
      await admin.unsafe(`alter database ${APP_DATABASE} allow_connections true`);
    }
  } finally {
    await admin.end();
  }

  // Right after connections are allowed again, a read may still meet a connection the outage
  // closed and answer 503 "try again": that is the member's view while it recovers, not the outcome.
  const done = await waitFor(
    () => waitForTerminal(staged.member, staged.prebooking.id, 60_000).catch((error: unknown) => (String(error).includes(': 503 ') ? null : Promise.reject(error))),
    60_000,
    'the prebooking to end once the database is back',
  );
  expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
  expect(bookRequests(await simRequests(staged.simClass.id))).toHaveLength(1);
  expect(await memberReservations(staged.simClass.id)).toHaveLength(1);
  await waitFor(async () => (await messageEvents(messageId)).some((event) => event.state === 'DELIVERED'), 10_000, 'QStash to record the delivery');
  const states = (await messageEvents(messageId)).map((event) => event.state);
  expect(states).toContain('RETRY');
  expect(states).not.toContain('FAILED');
}, 120_000);
