import { Client } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer, type RunningQStashServer } from './index';
import { sleep, startRecordingEndpoint, type RecordingEndpoint } from './recording-endpoint.fixture';

let server: RunningQStashServer;
let endpoint: RecordingEndpoint;
let client: Client;

beforeAll(async () => {
  server = await startQStashServer({ port: 0 });
  endpoint = await startRecordingEndpoint(server);
  client = new Client({ baseUrl: server.url, token: server.token, retry: false });
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

describe('schedules API', () => {
  it('creates a schedule and reports it in the SDK shape', async () => {
    const { scheduleId } = await client.schedules.create({
      destination: `${endpoint.url}/cron/sweep`,
      cron: '*/10 * * * * ',
      body: JSON.stringify({ reason: 'schedule' }),
      retries: 2,
      delay: '30s',
      headers: { 'X-Job': 'sweep' },
      label: 'ops',
    });
    expect(scheduleId).toMatch(/^scd_/);
    const schedule = await client.schedules.get(scheduleId);
    expect(schedule).toMatchObject({
      scheduleId,
      cron: '*/10 * * * *',
      destination: `${endpoint.url}/cron/sweep`,
      method: 'POST',
      header: { 'Content-Type': ['application/json'], 'X-Job': ['sweep'] },
      body: '{"reason":"schedule"}',
      retries: 2,
      delay: 30,
      isPaused: false,
      labels: ['ops'],
    });
    const now = Date.now();
    expect(schedule.nextScheduleTime! % 600_000).toBe(0);
    expect(schedule.nextScheduleTime! - now).toBeGreaterThan(0);
    expect(schedule.nextScheduleTime! - now).toBeLessThanOrEqual(600_000);
    expect((await client.schedules.list()).map((s) => s.scheduleId)).toContain(scheduleId);
    await client.schedules.delete(scheduleId);
    await expect(client.schedules.get(scheduleId)).rejects.toMatchObject({ status: 404 });
    await expect(client.schedules.delete(scheduleId)).rejects.toMatchObject({ status: 404 });
  });

  it('replaces a schedule re-created with the same Upstash-Schedule-Id (no body ⇒ body absent)', async () => {
    await client.schedules.create({ scheduleId: 'prebooker-sweep', destination: `${endpoint.url}/cron/a`, cron: '0 * * * *', body: 'first' });
    await client.schedules.create({ scheduleId: 'prebooker-sweep', destination: `${endpoint.url}/cron/b`, cron: '30 2 * * *' });
    const schedule = await client.schedules.get('prebooker-sweep');
    expect(schedule).toMatchObject({ destination: `${endpoint.url}/cron/b`, cron: '30 2 * * *', retries: 3 });
    expect(schedule).not.toHaveProperty('body');
    expect((await client.schedules.list()).filter((s) => s.scheduleId === 'prebooker-sweep')).toHaveLength(1);
  });

  it('pauses and resumes with PATCH (the SDK) and POST (the docs)', async () => {
    await client.schedules.create({ scheduleId: 'pausable', destination: `${endpoint.url}/cron/p`, cron: '* * * * *' });
    await client.schedules.pause({ schedule: 'pausable' });
    expect((await client.schedules.get('pausable')).isPaused).toBe(true);
    await client.schedules.resume({ schedule: 'pausable' });
    expect((await client.schedules.get('pausable')).isPaused).toBe(false);
    expect((await api('/v2/schedules/pausable/pause', { method: 'POST' })).status).toBe(200);
    expect((await client.schedules.get('pausable')).isPaused).toBe(true);
    expect((await api('/v2/schedules/pausable/resume', { method: 'POST' })).status).toBe(200);
    expect((await client.schedules.get('pausable')).isPaused).toBe(false);
    await expect(client.schedules.pause({ schedule: 'no-such-schedule' })).rejects.toMatchObject({ status: 404 });
  });

  it('evaluates CRON_TZ= in that zone', async () => {
    await client.schedules.create({ scheduleId: 'new-york', destination: `${endpoint.url}/cron/ny`, cron: 'CRON_TZ=America/New_York 0 4 * * *' });
    const { nextScheduleTime } = await client.schedules.get('new-york');
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
      .formatToParts(new Date(nextScheduleTime!));
    expect(Number(parts.find((p) => p.type === 'hour')!.value)).toBe(4);
    expect(Number(parts.find((p) => p.type === 'minute')!.value)).toBe(0);
  });

  it('rejects bad crons and schedule ids with 400 naming the problem, storing nothing', async () => {
    const before = (await client.schedules.list()).length;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ 'upstash-cron': 'every minute' }, /Upstash-Cron/],
      [{ 'upstash-cron': '*/5 * * * * *' }, /5-field/],
      [{ 'upstash-cron': '61 * * * *' }, /minute/],
      [{ 'upstash-cron': 'CRON_TZ=Mars/Olympus 0 4 * * *' }, /Upstash-Cron/],
      [{}, /Upstash-Cron header is required/],
      [{ 'upstash-cron': '* * * * *', 'upstash-schedule-id': 'bad id!' }, /Upstash-Schedule-Id/],
    ];
    for (const [headers, message] of cases) {
      const response = await api(`/v2/schedules/${endpoint.url}/cron/bad`, { method: 'POST', headers });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    expect((await client.schedules.list()).length).toBe(before);
    const group = await api('/v2/schedules/my-url-group', { method: 'POST', headers: { 'upstash-cron': '* * * * *' } });
    expect(group.status).toBe(501);
  });
});

describe('schedule triggers', () => {
  it('fires on its cron: real croner evaluation and the real timer, with the server clock set just before a minute', async () => {
    const realNow = Date.now();
    const minute = (Math.floor(realNow / 60_000) + 1) * 60_000;
    // The server believes it is 400 ms before the next minute boundary.
    const offset = minute - 400 - realNow;
    const shifted = await startQStashServer({ port: 0, clock: { now: () => Date.now() + offset } });
    try {
      const shiftedClient = new Client({ baseUrl: shifted.url, token: shifted.token, retry: false });
      await shiftedClient.schedules.create({ scheduleId: 'every-minute', destination: `${endpoint.url}/cron/tick`, cron: '* * * * *', body: 'tick' });
      await shiftedClient.schedules.create({ scheduleId: 'paused-minute', destination: `${endpoint.url}/cron/paused`, cron: '* * * * *' });
      await shiftedClient.schedules.pause({ schedule: 'paused-minute' });
      expect((await shiftedClient.schedules.get('every-minute')).nextScheduleTime).toBe(minute);

      const [delivery] = await endpoint.waitForCount(1, (d) => d.path === '/cron/tick', 5_000);
      expect(delivery!.verified).toBe(true);
      expect(delivery!.body).toBe('tick');
      expect(delivery!.headers['upstash-schedule-id']).toBe('every-minute');
      const messageId = delivery!.headers['upstash-message-id'] as string;
      await sleep(100);
      const schedule = await shiftedClient.schedules.get('every-minute');
      expect(schedule.lastScheduleTime).toBe(minute);
      expect(schedule.nextScheduleTime).toBe(minute + 60_000);
      expect(schedule.lastScheduleStates).toEqual({ [messageId]: 'SUCCESS' });
      expect(endpoint.deliveries.filter((d) => d.path === '/cron/paused')).toHaveLength(0);
    } finally {
      await shifted.stop();
    }
  });

  it('can be fired now through POST /__dev/schedules/{id}/trigger', async () => {
    await client.schedules.create({ scheduleId: 'manual', destination: `${endpoint.url}/cron/manual`, cron: '0 0 1 1 *', body: 'now' });
    const response = await api('/__dev/schedules/manual/trigger', { method: 'POST' });
    const { messageId } = (await response.json()) as { messageId: string };
    const [delivery] = await endpoint.waitForCount(1, (d) => d.path === '/cron/manual');
    expect(delivery!.headers['upstash-message-id']).toBe(messageId);
    expect(delivery!.headers['upstash-schedule-id']).toBe('manual');
    expect(delivery!.verified).toBe(true);
  });
});
