import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getEnv, resetEnvCache } from '../config/env';
import { verifyQStashRequest } from './verify-qstash-request';

/** The signing key @upstash/qstash 2.12 publishes for its dev mode: anyone can mint with it. */
const SDK_DEV_SIGNING_KEY = 'sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r';
const ROUTE = '/api/qstash/prebooking-execute';
const TOUCHED = ['QSTASH_DEV', 'NODE_ENV', 'PREBOOKER_ALLOW_LOCAL_DEFAULTS', 'QSTASH_CURRENT_SIGNING_KEY', 'QSTASH_NEXT_SIGNING_KEY'] as const;
const saved = new Map<string, string | undefined>();

beforeAll(() => {
  for (const name of TOUCHED) saved.set(name, process.env[name]);
  // As a deployment that left QSTASH_DEV on would run (production skips the SDK's dev-server start).
  process.env.QSTASH_DEV = 'true';
  (process.env as Record<string, string>).NODE_ENV = 'production';
  process.env.PREBOOKER_ALLOW_LOCAL_DEFAULTS = 'true';
  // Our own keys (the local defaults happen to be the SDK's dev keys).
  process.env.QSTASH_CURRENT_SIGNING_KEY = 'sig_ours_current_0123456789';
  process.env.QSTASH_NEXT_SIGNING_KEY = 'sig_ours_next_0123456789';
  resetEnvCache();
});

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else (process.env as Record<string, string>)[name] = value;
  }
  resetEnvCache();
});

async function delivery(key: string, body = JSON.stringify({ prebookingId: randomUUID() })): Promise<Request> {
  const url = `${getEnv().APP_BASE_URL}${ROUTE}`;
  const iat = Math.floor(Date.now() / 1000);
  const signature = await new SignJWT({ body: createHash('sha256').update(body).digest('base64url') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Upstash')
    .setSubject(url)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 300)
    .setJti(`jwt_${randomUUID()}`)
    .sign(new TextEncoder().encode(key));
  return new Request(url, { method: 'POST', headers: { 'upstash-signature': signature, 'content-type': 'application/json' }, body });
}

test('with QSTASH_DEV=true a token signed with the SDK’s published dev key is refused', async () => {
  await expect(verifyQStashRequest(await delivery(SDK_DEV_SIGNING_KEY), ROUTE)).rejects.toMatchObject({ code: 'invalid_signature' });
});

test('…while one signed with our configured key is still accepted', async () => {
  const verified = await verifyQStashRequest(await delivery(getEnv().QSTASH_CURRENT_SIGNING_KEY), ROUTE);
  expect(JSON.parse(verified.rawBody)).toHaveProperty('prebookingId');
});
