/**
 * Fault: the execute function is killed after AimHarder accepted the booking and before anything
 * was written to the database (the worst instant: a naive redelivery would book again).
 *
 * Injected for real: the delivery goes to a separate process running the real execute route
 * (tests/reliability/crash-worker.ts) with PREBOOKER_FAULTS=crash-after-booked, so the product code
 * SIGKILLs its own process right after AimHarder's "booked" answer (modules/prebooking/crash-fault.ts).
 * The booking at the simulator is made by the app's own AimHarder session; no row is staged by
 * hand. What is not the real platform: the killed process is a plain node:http host around the
 * route handler rather than the shared Next server, which must stay up for the other test files.
 *
 * Recovery is the production path: a QStash retry of the same message meets the still-valid lease
 * and does nothing; once the lease expires the sweep re-publishes, and that delivery reconciles
 * with AimHarder. Expected: `completed` with the reservation that was made, and exactly one
 * AimHarder booking request in total.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { bookRequests, configureSim, createSimClass, getPrebooking, newSignedInMember, simRequests, testDatabase, waitFor, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { EXECUTE_PATH, currentPrebooking, deliverSigned, makeDueNow, memberReservations, runSweep, stackQStash, stagePrebooking, warmRoutes } from './reliability-support';

let worker: ChildProcess | undefined;

beforeAll(() => warmRoutes());

afterEach(() => {
  if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  worker = undefined;
});

/** Starts crash-worker.ts with the stack's environment plus `extraEnv`; resolves with its URL. */
async function startCrashWorker(extraEnv: Record<string, string>): Promise<{ url: string; exited: Promise<NodeJS.Signals | number | null> }> {
  const { env } = getTestStack();
  const child = spawn(process.execPath, ['--conditions', 'react-server', '--import', 'tsx', 'tests/reliability/crash-worker.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker = child;
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /crash worker listening at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((how) => reject(new Error(`crash worker exited (${how}) before listening:\n${output}`)));
  });
  return { url, exited };
}

test('killed after AimHarder booked and before the database update: the redelivery reconciles to completed with one booking', async () => {
  const staged = await stagePrebooking('crash');
  await makeDueNow(staged);
  const { url, exited } = await startCrashWorker({ PREBOOKER_FAULTS: 'crash-after-booked' });

  // QStash delivers the prebooking's message to the doomed instance. No retries on this copy: its
  // URL dies with the process, while in production retries reach a live instance of the same app
  // (modelled below by redelivering the same message to the shared Next server).
  const messageId = (await stackQStash().publishJSON({ url: `${url}${EXECUTE_PATH}`, body: { prebookingId: staged.prebooking.id }, retries: 0 })).messageId;
  expect(await exited).toBe('SIGKILL');

  // What the dead instance left: AimHarder holds the booking, the database knows nothing of it.
  const books = bookRequests(await simRequests(staged.simClass.id));
  expect(books).toHaveLength(1);
  expect(books[0]!.result).toMatchObject({ status: 200, bookState: 1 });
  const reservations = await memberReservations(staged.simClass.id);
  expect(reservations).toHaveLength(1);
  const { data: row } = await testDatabase().from('prebookings').select('status, fired_at, lease_token').eq('id', staged.prebooking.id).single();
  expect(row).toMatchObject({ status: 'executing', fired_at: null });
  expect(row!.lease_token).toBeTruthy();

  // QStash's retry of the same message, to the live app. While the dead instance's lease holds it
  // must not act; if the machine was slow enough for the lease to lapse, it reconciles instead.
  const retry = await deliverSigned(EXECUTE_PATH, { prebookingId: staged.prebooking.id }, { messageId, retried: 1 });
  expect(retry.status).toBe(200);
  expect(((await retry.json()) as { status: string }).status).toMatch(/^(executing|completed)$/);

  // The sweep (a QStash schedule in production) re-publishes it once the lease has expired.
  let sweptAt = 0;
  await waitFor(
    async () => {
      if ((await currentPrebooking(staged)).status !== 'executing') return true;
      const { data } = await testDatabase().from('prebookings').select('lease_expires_at').eq('id', staged.prebooking.id).single();
      const leaseExpired = data !== null && new Date(data.lease_expires_at as string).getTime() < Date.now();
      if (leaseExpired && Date.now() - sweptAt > 2_000) {
        sweptAt = Date.now();
        await runSweep();
      }
      return false;
    },
    45_000,
    'the sweep to pick up the expired lease',
  );
  const done = await waitForTerminal(staged.member, staged.prebooking.id, 30_000);

  expect(done).toMatchObject({ status: 'completed', resultCode: 'booked', reservationId: reservations[0]!.reservationId });
  expect(bookRequests(await simRequests(staged.simClass.id))).toHaveLength(1);
  expect(await memberReservations(staged.simClass.id)).toHaveLength(1);
  const { events } = await getPrebooking(staged.member, staged.prebooking.id);
  expect(events.find((event) => event.type === 'reconciled')?.detail).toMatchObject({ held: true, reservationId: reservations[0]!.reservationId });
  expect(events.filter((event) => event.type === 'fired')).toHaveLength(0);
}, 120_000);

test('killed between choices, after AimHarder booked the second choice: the redelivery reconciles to that choice and books nothing more', async () => {
  const member = await newSignedInMember('crash-choice');
  const first = await createSimClass({ opensInMs: 600_000, capacity: 1, name: 'Fault first choice' });
  const second = await createSimClass({ opensInMs: 600_000, capacity: 5, name: 'Fault second choice' });
  const created = await member.fetch('/api/prebookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boxId: 10122, day: first.day, classId: first.id, alternatives: [{ classId: second.id }] }),
  });
  expect(created.status).toBe(201);
  const prebooking = ((await created.json()) as { prebooking: { id: string; qstashMessageId: string; alternatives: Array<Record<string, string>> } }).prebooking;
  // Both open now; the first choice is already taken by someone else; the prebooking is due.
  await stackQStash().messages.cancel(prebooking.qstashMessageId);
  for (const simClass of [first, second]) await configureSim({ openClassNow: simClass.id });
  const rival = await newSignedInMember('crash-choice-rival');
  await bookAsMember(first.id, rival.email);
  const past = new Date(Date.now() - 2_000).toISOString();
  const { error } = await testDatabase()
    .from('prebookings')
    .update({ available_at: past, fire_at: past, alternatives: prebooking.alternatives.map((alternative) => ({ ...alternative, availableAt: past })) })
    .eq('id', prebooking.id);
  expect(error).toBeNull();

  const { url, exited } = await startCrashWorker({ PREBOOKER_FAULTS: 'crash-after-alternative-booked' });
  await stackQStash().publishJSON({ url: `${url}${EXECUTE_PATH}`, body: { prebookingId: prebooking.id }, retries: 0 });
  expect(await exited).toBe('SIGKILL');
  // The dead instance asked for the first choice (full), then booked the second, then died.
  expect(bookRequests(await simRequests(second.id))).toHaveLength(1);
  const held = await memberReservations(second.id);
  expect(held).toHaveLength(1);

  let sweptAt = 0;
  await waitFor(
    async () => {
      const { data } = await testDatabase().from('prebookings').select('status, lease_expires_at').eq('id', prebooking.id).single();
      if (data!.status !== 'executing') return true;
      if (new Date(data!.lease_expires_at as string).getTime() < Date.now() && Date.now() - sweptAt > 2_000) {
        sweptAt = Date.now();
        await runSweep();
      }
      return false;
    },
    45_000,
    'the sweep to pick up the expired lease',
  );
  const done = await waitForTerminal(member, prebooking.id, 30_000);
  expect(done).toMatchObject({ status: 'completed', reservationId: held[0]!.reservationId });
  const { prebooking: row, events } = await getPrebooking(member, prebooking.id);
  expect((row as unknown as { bookedChoice: number }).bookedChoice).toBe(2);
  expect(events.find((event) => event.type === 'reconciled')?.detail).toMatchObject({ held: true, choice: 2 });
  // One booking, and no request after the crash: not the first choice again, not the second.
  expect(bookRequests(await simRequests(second.id))).toHaveLength(1);
  expect(await memberReservations(second.id)).toHaveLength(1);
  // The first choice holds only the rival who filled it.
  expect(await memberReservations(first.id)).toHaveLength(1);
  // The first choice was asked once (by the instance that died), through /api/book; the rest was the rival's, via control.
  expect(bookRequests(await simRequests(first.id)).filter((request) => (request as { via?: string }).via !== 'control')).toHaveLength(1);
  // The dead instance recorded its first-choice fire before going on down the list; nothing fired after the crash.
  const fired = events.filter((event) => event.type === 'fired');
  expect(fired).toHaveLength(1);
  expect(fired[0]!.detail.choice).toBeUndefined();
  expect(fired[0]!.detail.answer).toMatchObject({ kind: 'full' });
}, 120_000);

async function bookAsMember(classId: string, email: string): Promise<void> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ classId, email }) });
  if (!response.ok) throw new Error(`simulator booking: ${response.status} ${await response.text()}`);
}
