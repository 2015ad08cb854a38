import { createHash } from 'node:crypto';
import { Client, Receiver } from '@upstash/qstash';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS, startQStashServer, type RunningQStashServer } from './index';
import { startRecordingEndpoint, type RecordingEndpoint } from './recording-endpoint.fixture';

const OLD_KEY = 'sig_OldCurrentKey1111111111111111';
const NEW_KEY = 'sig_NewNextKey22222222222222222222';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: Parameters<typeof startQStashServer>[0], receiverKeys: { currentSigningKey: string; nextSigningKey: string }) {
  const server: RunningQStashServer = await startQStashServer({ port: 0, ...options });
  const endpoint: RecordingEndpoint = await startRecordingEndpoint(receiverKeys);
  cleanups.push(() => server.stop(), () => endpoint.close());
  const client = new Client({ baseUrl: server.url, token: server.token, retry: false });
  return { server, endpoint, client };
}

describe('Upstash-Signature', () => {
  it('is an HS256 JWT with the claims the Receiver checks', async () => {
    const { endpoint, client } = await setUp({}, DEV_CREDENTIALS);
    const body = '{"exact":"bytes"}';
    const before = Math.floor(Date.now() / 1000);
    await client.publish({ url: `${endpoint.url}/claims?x=1`, body });
    const [delivery] = await endpoint.waitForCount(1);
    const token = delivery!.headers['upstash-signature'] as string;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims.iss).toBe('Upstash');
    expect(claims.sub).toBe(`${endpoint.url}/claims?x=1`);
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.iat!).toBeGreaterThanOrEqual(before);
    expect(claims.iat! * 1000).toBeLessThanOrEqual(Date.now());
    expect(claims.exp).toBe(claims.iat! + 300);
    expect(claims.jti).toMatch(/^jwt_/);
    expect(claims.body).toBe(createHash('sha256').update(body).digest('base64url'));
    expect(delivery!.verified).toBe(true);
  });

  it('fails verification for another URL or other keys (the checks are real)', async () => {
    const { endpoint, client } = await setUp({}, DEV_CREDENTIALS);
    await client.publish({ url: `${endpoint.url}/strict`, body: 'x' });
    const [delivery] = await endpoint.waitForCount(1);
    const signature = delivery!.headers['upstash-signature'] as string;
    const receiver = new Receiver({ currentSigningKey: DEV_CREDENTIALS.currentSigningKey, nextSigningKey: DEV_CREDENTIALS.nextSigningKey });
    await expect(receiver.verify({ signature, body: 'x', url: `${endpoint.url}/other` })).rejects.toThrow(/invalid subject/);
    await expect(receiver.verify({ signature, body: 'y', url: delivery!.url })).rejects.toThrow(/body hash/);
    const stranger = new Receiver({ currentSigningKey: OLD_KEY, nextSigningKey: NEW_KEY });
    await expect(stranger.verify({ signature, body: 'x', url: delivery!.url })).rejects.toThrow();
  });

  it('verifies when the server signs with the key the Receiver holds as its next key (rotation)', async () => {
    const { endpoint, client } = await setUp(
      { currentSigningKey: NEW_KEY, nextSigningKey: 'sig_AfterThat333333333333333333' },
      { currentSigningKey: OLD_KEY, nextSigningKey: NEW_KEY },
    );
    await client.publish({ url: `${endpoint.url}/rotated`, body: 'rotated' });
    const [delivery] = await endpoint.waitForCount(1);
    expect(delivery!.verifyError).toBeUndefined();
    expect(delivery!.verified).toBe(true);
  });

  it('rotates keys with POST /v2/keys/rotate; Receivers holding the old pair keep verifying', async () => {
    const { server, endpoint, client } = await setUp({ currentSigningKey: OLD_KEY, nextSigningKey: NEW_KEY }, { currentSigningKey: OLD_KEY, nextSigningKey: NEW_KEY });
    const rotated = await fetch(`${server.url}/v2/keys/rotate`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` } });
    const keys = (await rotated.json()) as { current: string; next: string };
    expect(keys.current).toBe(NEW_KEY);
    expect(keys.next).toMatch(/^sig_/);
    expect(server.currentSigningKey).toBe(NEW_KEY);
    await client.publish({ url: `${endpoint.url}/after-rotation`, body: 'x' });
    const [delivery] = await endpoint.waitForCount(1);
    expect(decodeJwt(delivery!.headers['upstash-signature'] as string).iss).toBe('Upstash');
    expect(delivery!.verified).toBe(true);
  });
});
