import { Client, QstashError } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer, type RunningQStashServer } from './index';

let server: RunningQStashServer;
let client: Client;
const destination = 'http://127.0.0.1:9/never-delivered';

beforeAll(async () => {
  server = await startQStashServer({ port: 0 });
  client = new Client({ baseUrl: server.url, token: server.token, retry: false });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  await server.stop();
  vi.restoreAllMocks();
});

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${server.token}`, ...(init.headers ?? {}) } });
}

async function pendingCount(): Promise<number> {
  const stats = (await (await api('/__dev/stats')).json()) as { pending: number };
  return stats.pending;
}

describe('authentication', () => {
  it('answers 401 JSON for a wrong or missing token', async () => {
    const wrong = new Client({ baseUrl: server.url, token: 'not-the-token', retry: false });
    await expect(wrong.publish({ url: destination, body: 'x' })).rejects.toMatchObject({ status: 401 });
    const missing = await fetch(`${server.url}/v2/schedules`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.stringMatching(/missing token/) });
    const viaQuery = await fetch(`${server.url}/v2/schedules?qstash_token=${encodeURIComponent(server.token)}`);
    expect(viaQuery.status).toBe(200);
  });
});

describe('publish validation', () => {
  const badHeaders: Array<[string, string, RegExp]> = [
    ['upstash-delay', '10', /Upstash-Delay/],
    ['upstash-delay', '10x', /Upstash-Delay/],
    ['upstash-delay', '1.5s', /Upstash-Delay/],
    ['upstash-not-before', 'tomorrow', /Upstash-Not-Before/],
    ['upstash-not-before', '1700000000.5', /Upstash-Not-Before/],
    ['upstash-not-before', '-5', /Upstash-Not-Before/],
    ['upstash-retries', 'three', /Upstash-Retries/],
    ['upstash-retries', '-1', /Upstash-Retries/],
    ['upstash-retries', '101', /Upstash-Retries/],
    ['upstash-timeout', '30', /Upstash-Timeout/],
    ['upstash-timeout', '0s', /Upstash-Timeout/],
    ['upstash-retry-delay', 'pow(2, retried', /Upstash-Retry-Delay/],
    ['upstash-retry-delay', 'process.exit(1)', /Upstash-Retry-Delay/],
    ['upstash-retry-delay', 'retried * attempts', /unknown name "attempts"/],
    ['upstash-method', 'FETCH', /Upstash-Method/],
    ['upstash-callback', 'not a url', /Upstash-Callback/],
    ['upstash-failure-callback', 'ftp://example.com', /Upstash-Failure-Callback/],
    ['upstash-deduplication-id', 'has:colon', /Upstash-Deduplication-Id/],
    ['upstash-label', ' , ', /Upstash-Label/],
    ['upstash-redact-fields', 'bodyy', /Upstash-Redact-Fields/],
  ];

  it.each(badHeaders)('rejects %s: %s with 400 naming the header, storing nothing', async (name, value, message) => {
    const before = await pendingCount();
    const response = await api(`/v2/publish/${destination}`, { method: 'POST', headers: { [name]: value, 'upstash-delay': name === 'upstash-delay' ? value : '1h' }, body: 'x' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(message) });
    expect(await pendingCount()).toBe(before);
  });

  it('surfaces a 400 through the SDK as a QstashError', async () => {
    const error = await client.publish({ url: destination, body: 'x', delay: '5 minutes' as never }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QstashError);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/Upstash-Delay/) });
  });

  it.each(['ftp://example.com/x', 'localhost:3000/api/x', 'http//missing-colon.example'])(
    'rejects the destination %s with 400',
    async (bad) => {
      const response = await api(`/v2/publish/${bad}`, { method: 'POST', body: 'x' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/absolute http\(s\) URL/);
    },
  );

  it('accepts a 1 MB body and answers 413 above it', async () => {
    const oneMb = 'a'.repeat(1024 * 1024);
    const accepted = await client.publish({ url: destination, body: oneMb, delay: '1h' });
    expect(accepted.messageId).toMatch(/^msg_/);
    await client.messages.cancel(accepted.messageId);
    const error = await client.publish({ url: destination, body: `${oneMb}b`, delay: '1h' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 413, message: expect.stringMatching(/larger than the 1048576-byte limit/) });
  });

  it('validates a whole batch before storing any of it', async () => {
    const before = await pendingCount();
    const response = await api('/v2/batch', {
      method: 'POST',
      body: JSON.stringify([
        { destination, headers: { 'Upstash-Delay': '1h' }, body: 'fine' },
        { destination, headers: { 'Upstash-Retries': 'many' }, body: 'bad' },
      ]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^batch\[1\]: Upstash-Retries/);
    expect(await pendingCount()).toBe(before);
    const notJson = await api('/v2/batch', { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    const notArray = await api('/v2/batch', { method: 'POST', body: JSON.stringify({ destination }) });
    expect(notArray.status).toBe(400);
  });

  it('rejects unknown filter keys and foreign cursors', async () => {
    expect((await api('/v2/messages?labeel=x', { method: 'DELETE' })).status).toBe(400);
    expect((await api('/v2/events?cursor=abc')).status).toBe(400);
    expect((await api('/v2/events?count=zero')).status).toBe(400);
    expect((await api('/v2/dlq?fromDate=yesterday')).status).toBe(400);
  });
});

describe('features this server does not implement', () => {
  it('answers 501 JSON for URL groups, queues, flow control and the LLM API', async () => {
    await expect(client.publish({ urlGroup: 'my-group', body: 'x' })).rejects.toMatchObject({ status: 501 });
    await expect(client.queue({ queueName: 'q' }).enqueue({ url: destination, body: 'x' })).rejects.toMatchObject({ status: 501 });
    await expect(client.queue({ queueName: 'q' }).upsert({ parallelism: 1 })).rejects.toMatchObject({ status: 501 });
    await expect(client.urlGroups.list()).rejects.toMatchObject({ status: 501 });
    await expect(client.flowControl.get('key')).rejects.toMatchObject({ status: 501 });
    await expect(
      client.publish({ url: destination, body: 'x', flowControl: { key: 'k', parallelism: 1 } }),
    ).rejects.toMatchObject({ status: 501 });
    const llm = await api('/v2/publish/api/llm', { method: 'POST', body: '{}' });
    expect(llm.status).toBe(501);
    expect(((await llm.json()) as { error: string }).error).toMatch(/not supported by the local dev\/qstash server/);
  });

  it('answers 404 JSON for an unknown route', async () => {
    const response = await api('/v2/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/no route/) });
  });
});
