import { Client, QstashError } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer, type RunningQStashServer } from './index';
import { startRecordingEndpoint, sleep, type RecordingEndpoint } from './recording-endpoint.fixture';

let server: RunningQStashServer;
let endpoint: RecordingEndpoint;
let client: Client;

beforeAll(async () => {
  server = await startQStashServer({ port: 0 });
  endpoint = await startRecordingEndpoint(server);
  client = new Client({ baseUrl: server.url, token: server.token, retry: false });
  // The SDK logs every non-2xx answer; the error cases below are expected.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  await server.stop();
  await endpoint.close();
  vi.restoreAllMocks();
});

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.token}`, ...(init.headers ?? {}) } });
}

describe('publish and delivery', () => {
  it('delivers a publishJSON message at once, signed for its URL, with QStash headers and forwarded headers', async () => {
    const result = await client.publishJSON({
      url: `${endpoint.url}/hook/now?source=test`,
      body: { hello: 'world' },
      headers: { 'X-Test-Header': 'value-a, value-b', Authorization: 'Bearer app-secret' },
      label: 'greeting',
    });
    expect(result.messageId).toMatch(/^msg_/);
    expect(result.url).toBe(`${endpoint.url}/hook/now?source=test`);

    const [delivery] = await endpoint.waitForCount(1, (d) => d.path.startsWith('/hook/now'));
    expect(delivery!.verified).toBe(true);
    expect(delivery!.method).toBe('POST');
    expect(delivery!.path).toBe('/hook/now?source=test');
    expect(JSON.parse(delivery!.body)).toEqual({ hello: 'world' });
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-test-header']).toBe('value-a, value-b');
    expect(delivery!.headers.authorization).toBe('Bearer app-secret');
    expect(delivery!.headers['user-agent']).toBe('Upstash-QStash');
    expect(delivery!.headers['upstash-message-id']).toBe(result.messageId);
    expect(delivery!.headers['upstash-retried']).toBe('0');
    expect(delivery!.headers['upstash-telemetry-sdk']).toBeUndefined();
  });

  it('delivers at Upstash-Not-Before (unix seconds), not before it', async () => {
    const notBefore = Math.ceil(Date.now() / 1000) + 1;
    await client.publish({ url: `${endpoint.url}/hook/not-before`, body: 'later', notBefore });
    await sleep(200);
    expect(endpoint.deliveries.filter((d) => d.path === '/hook/not-before')).toHaveLength(0);
    const [delivery] = await endpoint.waitForCount(1, (d) => d.path === '/hook/not-before', 5_000);
    expect(delivery!.verified).toBe(true);
    expect(delivery!.receivedAt).toBeGreaterThanOrEqual(notBefore * 1000);
    expect(delivery!.receivedAt - notBefore * 1000).toBeLessThan(500);
    expect(delivery!.body).toBe('later');
    expect(delivery!.headers['content-type']).toBe('text/plain;charset=UTF-8');
  });

  it('lets Upstash-Not-Before override Upstash-Delay, and honours a delay alone', async () => {
    const sentAt = Date.now();
    await client.publish({ url: `${endpoint.url}/hook/delay`, body: 'delayed', delay: 1 });
    await client.publish({ url: `${endpoint.url}/hook/both`, body: 'both', delay: '1d', notBefore: Math.floor(Date.now() / 1000) });
    const [both] = await endpoint.waitForCount(1, (d) => d.path === '/hook/both', 3_000);
    expect(both!.verified).toBe(true);
    const [delayed] = await endpoint.waitForCount(1, (d) => d.path === '/hook/delay', 5_000);
    expect(delayed!.receivedAt - sentAt).toBeGreaterThanOrEqual(1000);
    expect(delayed!.verified).toBe(true);
  });

  it('uses Upstash-Method, also sending a body with GET', async () => {
    await client.publish({ url: `${endpoint.url}/hook/method`, body: 'get-body', method: 'GET' });
    await client.publish({ url: `${endpoint.url}/hook/method`, method: 'DELETE' });
    const deliveries = await endpoint.waitForCount(2, (d) => d.path === '/hook/method');
    expect(deliveries.map((d) => d.method).sort()).toEqual(['DELETE', 'GET']);
    expect(deliveries.find((d) => d.method === 'GET')!.body).toBe('get-body');
    expect(deliveries.every((d) => d.verified)).toBe(true);
  });

  it('publishes a batch (batchJSON) with one response per message', async () => {
    const results = await client.batchJSON([
      { url: `${endpoint.url}/hook/batch-a`, body: { n: 1 } },
      { url: `${endpoint.url}/hook/batch-b`, body: { n: 2 }, delay: 1 },
    ]);
    expect(results).toHaveLength(2);
    expect(results.map((result) => (result as { messageId: string }).messageId).every((id) => id.startsWith('msg_'))).toBe(true);
    const [first] = await endpoint.waitForCount(1, (d) => d.path === '/hook/batch-a');
    expect(JSON.parse(first!.body)).toEqual({ n: 1 });
    expect(first!.verified).toBe(true);
    const [second] = await endpoint.waitForCount(1, (d) => d.path === '/hook/batch-b', 5_000);
    expect(second!.verified).toBe(true);
  });
});

describe('deduplication', () => {
  it('answers a repeated Upstash-Deduplication-Id with 202, the original id and deduplicated: true', async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 3600;
    const first = await client.publishJSON({ url: `${endpoint.url}/hook/dedup`, body: { a: 1 }, notBefore, deduplicationId: 'prebooking-42' });
    const second = await client.publishJSON({ url: `${endpoint.url}/hook/dedup`, body: { a: 2 }, notBefore, deduplicationId: 'prebooking-42' });
    expect(first.deduplicated).toBeUndefined();
    expect(second).toMatchObject({ messageId: first.messageId, deduplicated: true });

    const raw = await api(`/v2/publish/${endpoint.url}/hook/dedup`, {
      method: 'POST',
      headers: { 'upstash-deduplication-id': 'prebooking-42' },
      body: 'x',
    });
    expect(raw.status).toBe(202);
    await client.messages.cancel(first.messageId);
  });

  it('deduplicates on content when asked, and only on identical content', async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 3600;
    const request = { url: `${endpoint.url}/hook/content`, body: { same: true }, notBefore, contentBasedDeduplication: true };
    const first = await client.publishJSON(request);
    const second = await client.publishJSON(request);
    const different = await client.publishJSON({ ...request, body: { same: false } });
    expect(second).toMatchObject({ messageId: first.messageId, deduplicated: true });
    expect(different.messageId).not.toBe(first.messageId);
    await client.messages.cancel([first.messageId, different.messageId]);
  });
});

describe('messages API', () => {
  it('gets a pending message in the SDK shape and cancels it (then 404)', async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 3600;
    const { messageId } = await client.publishJSON({
      url: `${endpoint.url}/hook/cancel-me`,
      body: { id: 7 },
      notBefore,
      retries: 2,
      retryDelay: '1000 * (1 + retried)',
      headers: { 'x-custom': 'yes' },
      label: ['a', 'b'],
      callback: `${endpoint.url}/cb`,
    });
    const message = await client.messages.get(messageId);
    expect(message).toMatchObject({
      messageId,
      url: `${endpoint.url}/hook/cancel-me`,
      method: 'POST',
      body: '{"id":7}',
      maxRetries: 2,
      retryDelayExpression: '1000 * (1 + retried)',
      notBefore: notBefore * 1000,
      callback: `${endpoint.url}/cb`,
      label: 'a',
      labels: ['a', 'b'],
      header: { 'Content-Type': ['application/json'], 'X-Custom': ['yes'] },
    });
    expect(typeof message.createdAt).toBe('number');

    await expect(client.messages.cancel(messageId)).resolves.toEqual({ cancelled: 1 });
    await expect(client.messages.get(messageId)).rejects.toMatchObject({ status: 404 });
    await expect(client.messages.cancel(messageId)).rejects.toBeInstanceOf(QstashError);
    await expect(client.messages.cancel('msg_unknown')).rejects.toMatchObject({ status: 404 });
  });

  it('bulk-cancels by ids, by filter (label, url) and everything', async () => {
    const notBefore = Math.floor(Date.now() / 1000) + 3600;
    const publish = (path: string, label: string) =>
      client.publish({ url: `${endpoint.url}${path}`, body: path, notBefore, label }).then((r) => r.messageId);
    const a = await publish('/bulk/a', 'keep');
    const b = await publish('/bulk/b', 'drop');
    const c = await publish('/bulk/c', 'drop');
    const d = await publish('/bulk/d', 'keep');
    await expect(client.messages.cancel({ filter: { label: 'drop' } })).resolves.toEqual({ cancelled: 2 });
    await expect(client.messages.get(b)).rejects.toMatchObject({ status: 404 });
    await expect(client.messages.cancel({ filter: { url: `${endpoint.url}/bulk/a` } })).resolves.toEqual({ cancelled: 1 });
    await expect(client.messages.cancel([d, c])).resolves.toEqual({ cancelled: 1 });
    await expect(client.messages.get(a)).rejects.toMatchObject({ status: 404 });
    await publish('/bulk/e', 'x');
    const all = await client.messages.cancel({ all: true });
    expect(all.cancelled).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for a message that was already delivered', async () => {
    const { messageId } = await client.publish({ url: `${endpoint.url}/hook/delivered`, body: 'x' });
    await endpoint.waitForCount(1, (d) => d.path === '/hook/delivered');
    await sleep(50);
    await expect(client.messages.cancel(messageId)).rejects.toMatchObject({ status: 404 });
  });
});

describe('events and status', () => {
  it('records the lifecycle in GET /v2/events (the SDK logs()) and /v2/logs', async () => {
    const { messageId } = await client.publish({ url: `${endpoint.url}/hook/logged`, body: 'log me' });
    await endpoint.waitForCount(1, (d) => d.path === '/hook/logged');
    await sleep(50);
    const { logs } = await client.logs({ messageIds: [messageId] });
    expect(logs.map((log) => log.state)).toEqual(['DELIVERED', 'ACTIVE', 'CREATED']);
    expect(logs[0]).toMatchObject({ messageId, url: `${endpoint.url}/hook/logged`, body: Buffer.from('log me').toString('base64') });
    const response = await api(`/v2/logs?messageIds=${messageId}&order=earliestFirst`);
    const json = (await response.json()) as { logs: Array<{ state: string }> };
    expect(json.logs.map((log) => log.state)).toEqual(['CREATED', 'ACTIVE', 'DELIVERED']);
  });

  it('pages events with a cursor that disappears on the last page', async () => {
    const first = await client.logs({ count: 2 });
    expect(first.logs).toHaveLength(2);
    expect(first.cursor).toBeDefined();
    const second = await client.logs({ count: 2, cursor: first.cursor });
    expect(second.logs[0]!.time).toBeLessThanOrEqual(first.logs[1]!.time);
    const everything = await client.logs({ count: 1000 });
    expect(everything.cursor).toBeUndefined();
  });

  it('serves a read-only status page at / as HTML and JSON, without the token', async () => {
    const html = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('Pending messages');
    const json = (await (await fetch(`${server.url}/`)).json()) as Record<string, unknown>;
    expect(json).toHaveProperty('pending');
    expect(json).toHaveProperty('dlq');
    expect(json).toHaveProperty('schedules');
  });

  it('serves the signing keys at GET /v2/keys', async () => {
    const keys = await (await api('/v2/keys')).json();
    expect(keys).toEqual({ current: server.currentSigningKey, next: server.nextSigningKey });
  });
});

describe('every delivery in this file', () => {
  it('was verified by the official Receiver with its url', () => {
    const unverified = endpoint.deliveries.filter((delivery) => !delivery.verified);
    expect(unverified.map((d) => `${d.path}: ${d.verifyError}`)).toEqual([]);
    expect(endpoint.deliveries.length).toBeGreaterThan(5);
  });
});
