/**
 * Fault: the QStash server restarts while 500 messages wait to be delivered.
 *
 * The app's own QStash (the global stack's dev/qstash) cannot be restarted from a test worker, so
 * this test runs a second dev/qstash with a data file and the stack's signing keys, publishes to it
 * with the official SDK, stops it while everything is pending (and overdue before it comes back),
 * then starts it again from the same file. 495 messages go to a receiver in this test that checks
 * every signature with the SDK's Receiver; 5 are real prebooking deliveries to the app's execute
 * route, which verifies them itself. 100 messages delivered before the stop must not come again.
 * Expected: all 500 delivered after the restart, each exactly once, none lost; the 5 prebookings
 * `completed` with exactly one AimHarder booking request each.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Receiver } from '@upstash/qstash';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startQStashServer, type RunningQStashServer } from '../../dev/qstash';
import { bookRequests, simRequests, waitFor, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { EXECUTE_PATH, FAILED_PATH, makeDueNow, stagePrebooking, warmRoutes } from './reliability-support';

const BEFORE_STOP = 100;
const PENDING = 500;
const REAL_PREBOOKINGS = 5;

interface Delivery {
  messageId: string;
  index: number;
  verified: boolean;
}

let receiver: { url: string; deliveries: Delivery[]; close(): Promise<void> };
let dataDir: string;
const servers: RunningQStashServer[] = [];

/** A destination that checks each delivery's signature for its own URL, as our routes do. */
async function startVerifyingReceiver(): Promise<typeof receiver> {
  const { env } = getTestStack();
  const verifier = new Receiver({ currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY!, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY! });
  const deliveries: Delivery[] = [];
  let baseUrl = '';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verified = await verifier
          .verify({ signature: String(request.headers['upstash-signature'] ?? ''), body, url: `${baseUrl}${request.url}` })
          .catch(() => false);
        deliveries.push({ messageId: String(request.headers['upstash-message-id']), index: (JSON.parse(body) as { index: number }).index, verified });
        response.writeHead(verified ? 200 : 401).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startSecondQStash(dataFile: string): Promise<{ server: RunningQStashServer; client: Client }> {
  const { env } = getTestStack();
  const server = await startQStashServer({
    port: 0,
    dataFile,
    token: env.QSTASH_TOKEN,
    currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
    nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
    retryTimeScale: 0.002,
  });
  servers.push(server);
  return { server, client: new Client({ baseUrl: server.url, token: server.token, enableTelemetry: false, retry: false }) };
}

beforeAll(async () => {
  await warmRoutes();
  receiver = await startVerifyingReceiver();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prebooker-qstash-restart-'));
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await receiver?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('dev/qstash restarted with 500 pending messages delivers every one of them, exactly once', async () => {
  const { urls } = getTestStack();
  const dataFile = path.join(dataDir, 'qstash.json');
  const staged = await Promise.all(Array.from({ length: REAL_PREBOOKINGS }, (_, index) => stagePrebooking(`restart${index}`)));
  for (const one of staged) await makeDueNow(one);

  const first = await startSecondQStash(dataFile);
  const publishToReceiver = async (from: number, count: number, notBefore?: number) => {
    const ids: string[] = [];
    for (let start = from; start < from + count; start += 100) {
      const batch = Array.from({ length: Math.min(100, from + count - start) }, (_, offset) => ({
        url: `${receiver.url}/deliveries/${start + offset}`,
        body: { index: start + offset },
        retries: 3,
        ...(notBefore !== undefined ? { notBefore } : {}),
      }));
      const results = (await first.client.batchJSON(batch)) as Array<{ messageId: string }>;
      ids.push(...results.map((result) => result.messageId));
    }
    return ids;
  };

  // Delivered and acknowledged before the restart: these must not be delivered again.
  const deliveredBefore = await publishToReceiver(0, BEFORE_STOP);
  await waitFor(async () => receiver.deliveries.length >= BEFORE_STOP, 30_000, 'the first 100 deliveries');

  // 500 due seconds from now (room for a slow machine to publish them all): pending at the stop.
  const notBefore = Math.floor(Date.now() / 1000) + 8;
  const toReceiver = await publishToReceiver(BEFORE_STOP, PENDING - REAL_PREBOOKINGS, notBefore);
  const toApp = await Promise.all(
    staged.map(async (one) => {
      const { messageId } = await first.client.publishJSON({
        url: `${urls.app}${EXECUTE_PATH}`,
        body: { prebookingId: one.prebooking.id },
        notBefore,
        retries: 3,
        failureCallback: `${urls.app}${FAILED_PATH}`,
      });
      return messageId;
    }),
  );
  const pendingAtStop = (await (await fetch(`${first.server.url}/`, { headers: { accept: 'application/json' } })).json()) as { counts: { pending: number; inFlight: number } };
  expect(pendingAtStop.counts).toMatchObject({ pending: PENDING, inFlight: 0 });
  await first.server.stop();

  // Down past the messages' due time, so they are all overdue when it comes back.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, notBefore * 1000 + 500 - Date.now())));
  expect(receiver.deliveries).toHaveLength(BEFORE_STOP);

  const second = await startSecondQStash(dataFile);
  for (const one of staged) {
    const done = await waitForTerminal(one.member, one.prebooking.id, 60_000);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    expect(bookRequests(await simRequests(one.simClass.id))).toHaveLength(1);
  }
  await waitFor(async () => receiver.deliveries.length >= BEFORE_STOP + PENDING - REAL_PREBOOKINGS, 60_000, 'every receiver delivery');
  const settled = (await (await fetch(`${second.server.url}/`, { headers: { accept: 'application/json' } })).json()) as { counts: { pending: number; inFlight: number; dlq: number } };
  expect(settled.counts).toMatchObject({ pending: 0, inFlight: 0, dlq: 0 });

  // Each message id exactly once, with a valid signature and its own body.
  const byId = new Map<string, Delivery[]>();
  for (const delivery of receiver.deliveries) byId.set(delivery.messageId, [...(byId.get(delivery.messageId) ?? []), delivery]);
  const expectedIds = [...deliveredBefore, ...toReceiver];
  expect(receiver.deliveries).toHaveLength(expectedIds.length);
  expect(new Set(byId.keys())).toEqual(new Set(expectedIds));
  expectedIds.forEach((id, index) => expect(byId.get(id)).toEqual([{ messageId: id, index, verified: true }]));

  // The app took each real delivery from the restarted server (its own signature check passed).
  for (const [index, messageId] of toApp.entries()) {
    const events = (await (await fetch(`${second.server.url}/v2/events?messageId=${messageId}`, { headers: { authorization: `Bearer ${second.server.token}` } })).json()) as {
      events: Array<{ state: string; responseStatus?: number }>;
    };
    expect(events.events.filter((event) => event.state === 'DELIVERED'), `prebooking ${index}`).toHaveLength(1);
  }
}, 120_000);
