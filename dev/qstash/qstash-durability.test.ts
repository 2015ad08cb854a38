import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer } from './index';
import { eventually, sleep, startRecordingEndpoint, type RecordingEndpoint } from './recording-endpoint.fixture';

let dir: string;
let endpoint: RecordingEndpoint;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dev-qstash-'));
  endpoint = await startRecordingEndpoint({ currentSigningKey: 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r', nextSigningKey: 'sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs' });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  await endpoint.close();
  await rm(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('durable state', () => {
  it('keeps pending messages, DLQ, schedules and dedup ids across a restart, delivering what fell due while down (late)', async () => {
    const dataFile = path.join(dir, 'graceful', 'qstash.json');
    const first = await startQStashServer({ port: 0, dataFile, retryTimeScale: 0.001 });
    const client = new Client({ baseUrl: first.url, token: first.token, retry: false });
    const dueSoon = Math.ceil(Date.now() / 1000) + 1;
    const soon = await client.publishJSON({ url: `${endpoint.url}/restart/soon`, body: { n: 1 }, notBefore: dueSoon });
    const nextWeek = await client.publishJSON({
      url: `${endpoint.url}/restart/next-week`,
      body: { prebookingId: 'p-42' },
      delay: '7d',
      retries: 5,
      label: 'prebooking',
      failureCallback: `${endpoint.url}/restart/failed`,
      deduplicationId: 'prebooking-p-42',
    });
    await client.schedules.create({ scheduleId: 'nightly', destination: `${endpoint.url}/restart/nightly`, cron: '0 3 * * *', body: 'n' });
    endpoint.reply('/restart/broken', { status: 500, body: 'nope' });
    const broken = await client.publish({ url: `${endpoint.url}/restart/broken`, body: 'b', retries: 0 });
    await eventually(async () => (await client.dlq.listMessages({ filter: { messageId: broken.messageId } })).messages[0]);
    await first.stop();

    const saved = JSON.parse(await readFile(dataFile, 'utf8')) as { messages: Array<{ messageId: string }> };
    expect(saved.messages.map((m) => m.messageId).sort()).toEqual([soon.messageId, nextWeek.messageId].sort());

    // The first message falls due while nothing is running.
    await sleep(dueSoon * 1000 - Date.now() + 300);
    expect(endpoint.deliveries.filter((d) => d.path === '/restart/soon')).toHaveLength(0);

    const lines: string[] = [];
    const restartedAt = Date.now();
    const second = await startQStashServer({ port: 0, dataFile, logger: (line) => lines.push(line) });
    try {
      const restarted = new Client({ baseUrl: second.url, token: second.token, retry: false });
      const [late] = await endpoint.waitForCount(1, (d) => d.path === '/restart/soon');
      expect(late!.receivedAt - restartedAt).toBeLessThan(1_000);
      expect(late!.headers['upstash-message-id']).toBe(soon.messageId);
      expect(late!.verified).toBe(true);
      expect(lines.some((line) => line.startsWith('LATE:') && line.includes(soon.messageId))).toBe(true);

      expect(await restarted.messages.get(nextWeek.messageId)).toMatchObject({
        url: `${endpoint.url}/restart/next-week`,
        body: '{"prebookingId":"p-42"}',
        maxRetries: 5,
        labels: ['prebooking'],
        failureCallback: `${endpoint.url}/restart/failed`,
      });
      expect((await restarted.schedules.get('nightly')).cron).toBe('0 3 * * *');
      expect((await restarted.dlq.listMessages({ filter: { messageId: broken.messageId } })).messages).toHaveLength(1);
      const again = await restarted.publishJSON({ url: `${endpoint.url}/restart/next-week`, body: {}, deduplicationId: 'prebooking-p-42' });
      expect(again).toMatchObject({ messageId: nextWeek.messageId, deduplicated: true });
    } finally {
      await second.stop();
    }
  });

  it('loses nothing acknowledged when the process is killed (SIGKILL), and skips a torn journal line', async () => {
    const dataFile = path.join(dir, 'crash', 'qstash.json');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), '--port', '0', '--data-file', dataFile, '--quiet'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`cli exited (${code}): ${output}`)));
      });
      const client = new Client({ baseUrl: url, token: 'eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=', retry: false });
      const notBefore = Math.floor(Date.now() / 1000) + 3600;
      const results = await client.batchJSON(
        Array.from({ length: 200 }, (_, index) => ({ url: `${endpoint.url}/crash/${index}`, body: { index }, notBefore })),
      );
      const ids = results.map((result) => (result as { messageId: string }).messageId);
      const cancelled = ids[0]!;
      await client.messages.cancel(cancelled);
      child.kill('SIGKILL');
      await exited;

      await appendFile(`${dataFile}.journal`, '{"t":"message","message":{"messageId":"msg_torn');
      const lines: string[] = [];
      const restarted = await startQStashServer({ port: 0, dataFile, logger: (line) => lines.push(line) });
      try {
        const restartedClient = new Client({ baseUrl: restarted.url, token: restarted.token, retry: false });
        for (const id of ids.slice(1)) expect((await restartedClient.messages.get(id)).messageId).toBe(id);
        await expect(restartedClient.messages.get(cancelled)).rejects.toMatchObject({ status: 404 });
        expect(lines.some((line) => /torn last line/.test(line))).toBe(true);
      } finally {
        await restarted.stop();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('fires a schedule once, late, when its trigger passed while the server was down', async () => {
    const dataFile = path.join(dir, 'schedule', 'qstash.json');
    const realNow = Date.now();
    // Both servers believe it is 1 s before a minute boundary at the first one's start.
    const boundary = (Math.floor(realNow / 60_000) + 1) * 60_000;
    const offset = boundary - 1_000 - realNow;
    const clock = { now: () => Date.now() + offset };
    const first = await startQStashServer({ port: 0, dataFile, clock });
    const client = new Client({ baseUrl: first.url, token: first.token, retry: false });
    await client.schedules.create({ scheduleId: 'missed', destination: `${endpoint.url}/restart/missed`, cron: '* * * * *', body: 'catch up' });
    await first.stop();
    await sleep(boundary + 200 - clock.now());
    expect(endpoint.deliveries.filter((d) => d.path === '/restart/missed')).toHaveLength(0);

    const lines: string[] = [];
    const second = await startQStashServer({ port: 0, dataFile, clock, logger: (line) => lines.push(line) });
    try {
      const [delivery] = await endpoint.waitForCount(1, (d) => d.path === '/restart/missed');
      expect(delivery!.headers['upstash-schedule-id']).toBe('missed');
      expect(delivery!.verified).toBe(true);
      expect(lines.some((line) => /LATE: schedule missed missed its trigger/.test(line))).toBe(true);
      await sleep(200);
      expect(endpoint.deliveries.filter((d) => d.path === '/restart/missed')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second server on the same data file, leaving the first one\'s state intact', async () => {
    const dataFile = path.join(dir, 'locked', 'qstash.json');
    const first = await startQStashServer({ port: 0, dataFile });
    try {
      const client = new Client({ baseUrl: first.url, token: first.token, retry: false });
      const { messageId } = await client.publish({ url: `${endpoint.url}/locked`, body: 'x', delay: '1h' });
      await expect(startQStashServer({ port: 0, dataFile })).rejects.toThrow(/is in use by another dev\/qstash server/);
      // Same port: fails to listen before touching the file.
      await expect(startQStashServer({ port: Number(new URL(first.url).port), dataFile })).rejects.toThrow(/EADDRINUSE/);
      expect((await client.messages.get(messageId)).messageId).toBe(messageId);
    } finally {
      await first.stop();
    }
    const reopened = await startQStashServer({ port: 0, dataFile });
    await reopened.stop();
  });

  it('refuses to start on a data file that is not its own, instead of silently dropping it', async () => {
    const dataFile = path.join(dir, 'corrupt.json');
    await writeFile(dataFile, '{"version": 99}');
    await expect(startQStashServer({ port: 0, dataFile })).rejects.toThrow(/corrupt\.json is not a dev\/qstash state file/);
    await writeFile(dataFile, 'not json');
    await expect(startQStashServer({ port: 0, dataFile })).rejects.toThrow(/not valid JSON/);
  });
});
