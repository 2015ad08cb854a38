import { Client, Receiver } from '@upstash/qstash';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startQStashServer, type RunningQStashServer } from './index';
import { startRecordingEndpoint, type RecordingEndpoint } from './recording-endpoint.fixture';

/** Dev mode reads these; each is restored exactly (unset stays unset) after the test. */
const TOUCHED = ['QSTASH_DEV', 'QSTASH_DEV_PORT', 'QSTASH_URL', 'QSTASH_TOKEN', 'QSTASH_CURRENT_SIGNING_KEY', 'QSTASH_NEXT_SIGNING_KEY'] as const;
const saved = new Map<string, string | undefined>();

let server: RunningQStashServer;
let endpoint: RecordingEndpoint;
const logged: string[] = [];

beforeAll(async () => {
  // Started before any dev-mode Client exists: the SDK's health check must find it, or it would
  // try to download the official binary (impossible offline).
  server = await startQStashServer({ port: 0 });
  endpoint = await startRecordingEndpoint(server);
  for (const name of TOUCHED) saved.set(name, process.env[name]);
  for (const name of TOUCHED) delete process.env[name];
  process.env.QSTASH_DEV = 'true';
  process.env.QSTASH_DEV_PORT = new URL(server.url).port;
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await server.stop();
  await endpoint.close();
});

describe('QSTASH_DEV=true', () => {
  it('uses this server through the SDK dev mode: no token, no keys, no download', async () => {
    const client = new Client();
    const { messageId } = await client.publishJSON({ url: `${endpoint.url}/dev-mode`, body: { via: 'dev mode' } });
    expect(messageId).toMatch(/^msg_/);
    expect(logged.some((line) => line.includes(`Server already running at http://127.0.0.1:${new URL(server.url).port}`))).toBe(true);
    expect(logged.some((line) => /Downloading/.test(line))).toBe(false);

    const [delivery] = await endpoint.waitForCount(1);
    expect(delivery!.verified).toBe(true);
    // A dev-mode Receiver (no keys given) verifies it too, with the url.
    const receiver = new Receiver();
    await expect(
      receiver.verify({ signature: delivery!.headers['upstash-signature'] as string, body: delivery!.body, url: delivery!.url }),
    ).resolves.toBe(true);
  });
});
