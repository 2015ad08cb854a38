import { Client } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer, type RunningQStashServer } from './index';
import { eventually, sleep, startRecordingEndpoint, type ReceivedDelivery, type RecordingEndpoint } from './recording-endpoint.fixture';

/** Default backoff is e^(2.5n) s (12 s, 2.5 min, 30 min…); ×0.001 makes it 12 ms, 148 ms, 1.8 s. */
const FAST = 0.001;

let server: RunningQStashServer;
let endpoint: RecordingEndpoint;
let client: Client;

beforeAll(async () => {
  server = await startQStashServer({ port: 0, retryTimeScale: FAST });
  endpoint = await startRecordingEndpoint(server);
  client = new Client({ baseUrl: server.url, token: server.token, retry: false });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  await server.stop();
  await endpoint.close();
  vi.restoreAllMocks();
});

const onPath = (path: string) => (delivery: ReceivedDelivery) => delivery.path === path;

interface CallbackBody {
  status: number;
  header: Record<string, string[]>;
  body: string;
  retried: number;
  maxRetries: number;
  dlqId?: string;
  sourceMessageId: string;
  url: string;
  method: string;
  sourceHeader: Record<string, string[]>;
  sourceBody: string;
  notBefore: number;
  createdAt: number;
}

describe('retries', () => {
  it('retries failed attempts with Upstash-Retried 0,1,2 and a fresh signature each time, until a 2xx', async () => {
    let calls = 0;
    endpoint.reply('/flaky', () => (++calls < 3 ? { status: 500, body: 'not yet' } : { status: 200, body: 'fine' }));
    const { messageId } = await client.publish({ url: `${endpoint.url}/flaky`, body: 'payload', retries: 3 });
    const attempts = await endpoint.waitForCount(3, onPath('/flaky'));
    await sleep(100);
    expect(endpoint.deliveries.filter(onPath('/flaky'))).toHaveLength(3);
    expect(attempts.map((d) => d.headers['upstash-retried'])).toEqual(['0', '1', '2']);
    expect(attempts.every((d) => d.verified && d.headers['upstash-message-id'] === messageId)).toBe(true);
    expect(new Set(attempts.map((d) => d.headers['upstash-signature'])).size).toBe(3);
    const { logs } = await client.logs({ messageIds: [messageId], count: 100 });
    expect(logs.map((log) => log.state).reverse()).toEqual([
      'CREATED', 'ACTIVE', 'ERROR', 'RETRY', 'ACTIVE', 'ERROR', 'RETRY', 'ACTIVE', 'DELIVERED',
    ]);
  });

  it('waits as Upstash-Retry-Delay says (ms, with `retried` 0 before the first retry)', async () => {
    const slow = await startQStashServer({ port: 0 });
    try {
      const slowClient = new Client({ baseUrl: slow.url, token: slow.token, retry: false });
      endpoint.reply('/expression', { status: 500 });
      await slowClient.publish({ url: `${endpoint.url}/expression`, body: 'x', retries: 2, retryDelay: '150 * (1 + retried)' });
      const attempts = await endpoint.waitForCount(3, onPath('/expression'), 5_000);
      const gaps = [attempts[1]!.receivedAt - attempts[0]!.receivedAt, attempts[2]!.receivedAt - attempts[1]!.receivedAt];
      expect(gaps[0]).toBeGreaterThanOrEqual(145);
      expect(gaps[0]).toBeLessThan(600);
      expect(gaps[1]).toBeGreaterThanOrEqual(295);
      expect(gaps[1]).toBeLessThan(800);
    } finally {
      await slow.stop();
    }
  });

  it('honours the destination\'s Retry-After over the default backoff', async () => {
    const slow = await startQStashServer({ port: 0 });
    try {
      const slowClient = new Client({ baseUrl: slow.url, token: slow.token, retry: false });
      let calls = 0;
      endpoint.reply('/retry-after', () => (++calls === 1 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
      await slowClient.publish({ url: `${endpoint.url}/retry-after`, body: 'x' });
      const attempts = await endpoint.waitForCount(2, onPath('/retry-after'), 5_000);
      const gap = attempts[1]!.receivedAt - attempts[0]!.receivedAt;
      expect(gap).toBeGreaterThanOrEqual(990);
      expect(gap).toBeLessThan(3_000); // the default would be 12 s
    } finally {
      await slow.stop();
    }
  });

  it('sends a 489 with Upstash-NonRetryable-Error: true straight to the DLQ', async () => {
    endpoint.reply('/non-retryable', { status: 489, headers: { 'Upstash-NonRetryable-Error': 'true' }, body: 'bad payload' });
    const { messageId } = await client.publish({ url: `${endpoint.url}/non-retryable`, body: 'x', retries: 3 });
    const entry = await eventually(async () => (await client.dlq.listMessages({ filter: { messageId } })).messages[0]);
    expect(endpoint.deliveries.filter(onPath('/non-retryable'))).toHaveLength(1);
    expect(entry).toMatchObject({ messageId, responseStatus: 489, responseBody: 'bad payload', maxRetries: 3 });
  });

  it('counts a connection error and a timeout as failed attempts', async () => {
    endpoint.reply('/hang', async () => {
      await sleep(3_000);
      return { status: 200 };
    });
    const refused = await client.publish({ url: 'http://127.0.0.1:9/nobody-listens', body: 'x', retries: 1 });
    const timedOut = await client.publish({ url: `${endpoint.url}/hang`, body: 'x', retries: 0, timeout: 1 });
    const refusedEntry = await eventually(async () => (await client.dlq.listMessages({ filter: { messageId: refused.messageId } })).messages[0]);
    expect(refusedEntry.responseStatus).toBeUndefined();
    const timedOutEntry = await eventually(
      async () => (await client.dlq.listMessages({ filter: { messageId: timedOut.messageId } })).messages[0],
      5_000,
    );
    expect(timedOutEntry.url).toBe(`${endpoint.url}/hang`);
    const { logs } = await client.logs({ messageIds: [timedOut.messageId] });
    expect(logs.find((log) => log.state === 'ERROR')?.error).toMatch(/timed out after 1s/);
  });
});

describe('callbacks', () => {
  it('calls the callback after every attempt and the failure callback once, both signed, with the documented bodies', async () => {
    endpoint.reply('/always-fails', { status: 500, headers: { 'X-Reason': 'boom' }, body: 'server exploded' });
    const notBefore = Math.floor(Date.now() / 1000);
    const { messageId } = await client.publishJSON({
      url: `${endpoint.url}/always-fails`,
      body: { prebookingId: 'p1' },
      retries: 2,
      notBefore,
      callback: `${endpoint.url}/callback`,
      failureCallback: `${endpoint.url}/failure-callback`,
      headers: { 'X-Trace': 't-1' },
    });
    const callbacks = await endpoint.waitForCount(3, onPath('/callback'));
    const [failure] = await endpoint.waitForCount(1, onPath('/failure-callback'));
    expect([...callbacks, failure!].every((d) => d.verified)).toBe(true);

    const bodies = callbacks.map((d) => JSON.parse(d.body) as CallbackBody);
    expect(bodies.map((b) => b.retried)).toEqual([0, 1, 2]);
    expect(bodies.every((b) => b.status === 500 && b.maxRetries === 2 && b.sourceMessageId === messageId)).toBe(true);

    const payload = JSON.parse(failure!.body) as CallbackBody;
    expect(payload).toMatchObject({
      status: 500,
      retried: 2,
      maxRetries: 2,
      sourceMessageId: messageId,
      url: `${endpoint.url}/always-fails`,
      method: 'POST',
      notBefore: notBefore * 1000,
    });
    expect(Buffer.from(payload.body, 'base64').toString()).toBe('server exploded');
    expect(payload.header['X-Reason']).toEqual(['boom']);
    expect(JSON.parse(Buffer.from(payload.sourceBody, 'base64').toString())).toEqual({ prebookingId: 'p1' });
    expect(payload.sourceHeader).toMatchObject({ 'Content-Type': ['application/json'], 'X-Trace': ['t-1'] });
    expect(typeof payload.createdAt).toBe('number');

    const entry = (await client.dlq.listMessages({ filter: { messageId } })).messages[0]!;
    expect(payload.dlqId).toBe(entry.dlqId);
    expect(entry).toMatchObject({ responseStatus: 500, responseBody: 'server exploded', responseHeader: { 'X-Reason': ['boom'] } });
    await expect(client.messages.get(messageId)).rejects.toMatchObject({ status: 404 });
  });

  it('calls the success callback once with the destination\'s answer', async () => {
    endpoint.reply('/ok-with-body', { status: 201, body: '{"booked":true}' });
    const { messageId } = await client.publish({ url: `${endpoint.url}/ok-with-body`, body: 'x', callback: `${endpoint.url}/success-callback` });
    const [callback] = await endpoint.waitForCount(1, onPath('/success-callback'));
    expect(callback!.verified).toBe(true);
    const payload = JSON.parse(callback!.body) as CallbackBody;
    expect(payload).toMatchObject({ status: 201, retried: 0, sourceMessageId: messageId });
    expect(Buffer.from(payload.body, 'base64').toString()).toBe('{"booked":true}');
  });
});

describe('DLQ', () => {
  async function failInto(path: string, label: string): Promise<string> {
    endpoint.reply(path, { status: 503, body: 'down' });
    const { messageId } = await client.publish({ url: `${endpoint.url}${path}`, body: path, retries: 0, label });
    await eventually(async () => (await client.dlq.listMessages({ filter: { messageId } })).messages[0]);
    return messageId;
  }

  it('lists with filters and a cursor that is omitted on the last page', async () => {
    await client.dlq.delete({ all: true, count: 100 });
    await failInto('/dlq/one', 'dlq-page');
    await failInto('/dlq/two', 'dlq-page');
    await failInto('/dlq/three', 'other');

    const first = await client.dlq.listMessages({ count: 2, filter: { responseStatus: 503 } });
    expect(first.messages).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    const second = await client.dlq.listMessages({ count: 2, cursor: first.cursor, filter: { responseStatus: 503 } });
    expect(second.messages).toHaveLength(1);
    expect(second.cursor).toBeUndefined();
    expect([...first.messages, ...second.messages].map((m) => m.url)).toEqual(
      ['/dlq/one', '/dlq/two', '/dlq/three'].map((path) => `${endpoint.url}${path}`),
    );

    expect((await client.dlq.listMessages({ filter: { label: 'dlq-page' } })).messages).toHaveLength(2);
    expect((await client.dlq.listMessages({ filter: { url: `${endpoint.url}/dlq/two` } })).messages).toHaveLength(1);
    expect((await client.dlq.listMessages({ filter: { url: 'http://elsewhere/' } })).messages).toHaveLength(0);
  });

  it('rejects an unknown DLQ filter key (a typo) and host/path with 400', async () => {
    for (const query of ['labeel=x', 'host=localhost', 'path=/x']) {
      const response = await fetch(`${server.url}/v2/dlq?${query}`, { headers: { authorization: `Bearer ${server.token}` } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/unknown query parameter/);
    }
  });

  it('gets one entry, deletes it (then 404) and bulk-deletes by ids and all', async () => {
    const messageId = await failInto('/dlq/delete-me', 'del');
    const entry = (await client.dlq.listMessages({ filter: { messageId } })).messages[0]!;
    const single = await fetch(`${server.url}/v2/dlq/${entry.dlqId}`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(await single.json()).toMatchObject({ dlqId: entry.dlqId, messageId });
    await expect(client.dlq.delete(entry.dlqId)).resolves.toEqual({ deleted: 1 });
    await expect(client.dlq.delete(entry.dlqId)).rejects.toMatchObject({ status: 404 });

    const a = await failInto('/dlq/bulk-a', 'bulk');
    const b = await failInto('/dlq/bulk-b', 'bulk');
    const ids = (await client.dlq.listMessages({ filter: { label: 'bulk' } })).messages.map((m) => m.dlqId);
    expect(ids).toHaveLength(2);
    await expect(client.dlq.delete([ids[0]!])).resolves.toMatchObject({ deleted: 1 });
    await expect(client.dlq.delete({ filter: { messageId: b } })).resolves.toMatchObject({ deleted: 1 });
    expect((await client.dlq.listMessages({ filter: { messageId: a } })).messages).toHaveLength(0);
    await failInto('/dlq/bulk-c', 'bulk');
    const all = await client.dlq.delete({ all: true });
    expect(all.deleted).toBeGreaterThanOrEqual(1);
    expect((await client.dlq.listMessages()).messages).toHaveLength(0);
  });

  it('retries from the DLQ: a new message is delivered and the entry is gone', async () => {
    const messageId = await failInto('/dlq/retry-me', 'retry');
    const entry = (await client.dlq.listMessages({ filter: { messageId } })).messages[0]!;
    endpoint.reply('/dlq/retry-me', { status: 200 });
    const result = await client.dlq.retry(entry.dlqId);
    expect(result.responses).toHaveLength(1);
    expect(result.cursor).toBeUndefined();
    const newId = result.responses[0]!.messageId;
    expect(newId).not.toBe(messageId);
    const deliveries = await endpoint.waitForCount(2, onPath('/dlq/retry-me'));
    expect(deliveries[1]!.headers['upstash-message-id']).toBe(newId);
    expect(deliveries[1]!.body).toBe('/dlq/retry-me');
    expect(deliveries[1]!.verified).toBe(true);
    await expect(client.dlq.delete(entry.dlqId)).rejects.toMatchObject({ status: 404 });
    await expect(client.dlq.retry({ all: true })).resolves.toMatchObject({ responses: [] });
  });

  it('applies config headers sent with a DLQ retry (e.g. Upstash-Retries: 0)', async () => {
    const messageId = await failInto('/dlq/override', 'override');
    const entry = (await client.dlq.listMessages({ filter: { messageId } })).messages[0]!;
    const response = await fetch(`${server.url}/v2/dlq/retry?dlqIds=${entry.dlqId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'upstash-retries': '0', 'upstash-label': 'second-try' },
    });
    const { responses } = (await response.json()) as { responses: Array<{ messageId: string }> };
    const retried = await eventually(async () => (await client.dlq.listMessages({ filter: { messageId: responses[0]!.messageId } })).messages[0]);
    expect(retried).toMatchObject({ maxRetries: 0, labels: ['second-try'] });
  });
});

describe('fault injection', () => {
  it('fails attempts without calling the destination at deliveryFailureRate 1', async () => {
    server.setFaults({ deliveryFailureRate: 1 });
    try {
      const { messageId } = await client.publish({ url: `${endpoint.url}/never-called`, body: 'x', retries: 1 });
      const entry = await eventually(async () => (await client.dlq.listMessages({ filter: { messageId } })).messages[0]);
      expect(entry.responseStatus).toBe(500);
      expect(endpoint.deliveries.filter(onPath('/never-called'))).toHaveLength(0);
    } finally {
      server.setFaults({ deliveryFailureRate: 0 });
    }
  });

  it('adds delivery latency within the jitter range, settable over HTTP by another process', async () => {
    const set = await fetch(`${server.url}/__dev/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deliveryJitterMs: [300, 400] }),
    });
    expect(await set.json()).toMatchObject({ deliveryJitterMs: [300, 400], deliveryFailureRate: 0, retryTimeScale: FAST });
    try {
      const sentAt = Date.now();
      await client.publish({ url: `${endpoint.url}/jittered`, body: 'x' });
      const [delivery] = await endpoint.waitForCount(1, onPath('/jittered'));
      expect(delivery!.receivedAt - sentAt).toBeGreaterThanOrEqual(295);
      expect(delivery!.verified).toBe(true);
    } finally {
      server.setFaults({ deliveryJitterMs: [0, 0] });
    }
    const unauthenticated = await fetch(`${server.url}/__dev/faults`, { method: 'POST', body: '{}' });
    expect(unauthenticated.status).toBe(401);
    const invalid = await fetch(`${server.url}/__dev/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ deliveryFailureRate: 2 }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/deliveryFailureRate/);
  });
});

describe('every delivery in this file', () => {
  it('was verified by the official Receiver with its url', () => {
    const unverified = endpoint.deliveries.filter((delivery) => !delivery.verified);
    expect(unverified.map((d) => `${d.path}: ${d.verifyError}`)).toEqual([]);
  });
});
