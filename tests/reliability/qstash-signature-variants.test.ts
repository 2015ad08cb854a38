/**
 * Every QStash receiver (each app/api/qstash/<job>/route.ts) refuses every delivery QStash did not
 * sign for it — forged, expired, replayed, not yet valid, tampered, re-targeted, wrong issuer,
 * unsigned (alg none), malformed or missing — with 401 `invalid_signature` and no state change:
 * no table row, no prebooking event, no booking request at the AimHarder simulator. Positive
 * controls (current key, next key during a rotation, a padded body hash) prove the variants are
 * refused for what is wrong with them, not because the harness signs badly.
 *
 * The bodies sent are the ones that would change something if accepted: the fixture prebooking's
 * id (execute would claim it, the failure callback would fail it), the fixture goal's id.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, snapshotState, type StateSnapshot } from './security-support';

const QSTASH_ROUTES = fs
  .readdirSync(path.join(process.cwd(), 'app/api/qstash'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(process.cwd(), 'app/api/qstash', entry.name, 'route.ts')))
  .map((entry) => `/api/qstash/${entry.name}`)
  .sort();

/** A public dev-server signing key of another predefined user (qstash-protocol.md §9): valid format, wrong account. */
const OTHER_ACCOUNT_KEY = 'sig_7GVPjvuwsfqF65iC8fSrs1dfYruM';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const sha256 = (body: string) => createHash('sha256').update(body).digest('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Claims {
  iss?: string;
  sub?: string;
  iat?: number;
  nbf?: number;
  exp?: number;
  jti?: string;
  body?: string;
}

/** Standard QStash claims for `url` and `body`, with overrides (`undefined` removes a claim). */
function claimsFor(url: string, body: string, overrides: Partial<Record<keyof Claims, string | number | undefined>> = {}): Claims {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = { iss: 'Upstash', sub: url, iat, nbf: iat, exp: iat + 300, jti: `jwt_${randomUUID()}`, body: sha256(body) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[key];
    else claims[key] = value;
  }
  return claims as Claims;
}

function sign(claims: Claims, key: string, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims as Record<string, unknown>).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(key));
}

function unsigned(claims: Claims, header: Record<string, unknown> = { alg: 'none', typ: 'JWT' }): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.`;
}

/** Changes one character in the middle of the signature (the last one may only carry padding bits). */
function flipSignature(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const at = Math.floor(signature.length / 2);
  const flipped = signature[at] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
}

interface Delivery {
  /** undefined: no Upstash-Signature header at all. */
  signature: string | undefined;
  body: string;
}

interface Keys {
  current: string;
  next: string;
  token: string;
}

type Variant = [name: string, build: (url: string, body: string, keys: Keys, otherRouteUrl: string) => Promise<Delivery>];

const REFUSED: Variant[] = [
  ['missing Upstash-Signature header', async (_url, body) => ({ signature: undefined, body })],
  ['empty header', async (_url, body) => ({ signature: '', body })],
  ['whitespace header', async (_url, body) => ({ signature: '   ', body })],
  ['malformed: not a JWT', async (_url, body) => ({ signature: 'not-a-jwt', body })],
  ['malformed: two segments', async (url, body, keys) => ({ signature: (await sign(claimsFor(url, body), keys.current)).split('.').slice(0, 2).join('.'), body })],
  ['malformed: four segments', async (url, body, keys) => ({ signature: `${await sign(claimsFor(url, body), keys.current)}.AAAA`, body })],
  ['malformed: payload not base64url', async (url, body, keys) => {
    const [header, , signature] = (await sign(claimsFor(url, body), keys.current)).split('.');
    return { signature: `${header}.!!!$$$.${signature}`, body };
  }],
  ['malformed: payload not JSON', async (url, body, keys) => {
    const [header, , signature] = (await sign(claimsFor(url, body), keys.current)).split('.');
    return { signature: `${header}.${b64url('{"iss":"Upstash",')}.${signature}`, body };
  }],
  ['alg none, no signature', async (url, body) => ({ signature: unsigned(claimsFor(url, body)), body })],
  ['alg "None" (case variant), no signature', async (url, body) => ({ signature: unsigned(claimsFor(url, body), { alg: 'None', typ: 'JWT' }), body })],
  ['alg none carrying a real signature', async (url, body, keys) => {
    const claims = claimsFor(url, body);
    const [, , signature] = (await sign(claims, keys.current)).split('.');
    return { signature: `${unsigned(claims)}${signature}`, body };
  }],
  ['forged key', async (url, body) => ({ signature: await sign(claimsFor(url, body), `sig_${randomUUID().replace(/-/g, '')}`), body })],
  ['signed with the QStash API token', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body), keys.token), body })],
  ['signed with another account\'s dev key', async (url, body) => ({ signature: await sign(claimsFor(url, body), OTHER_ACCOUNT_KEY), body })],
  ['signed with the key minus its sig_ prefix', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body), keys.current.replace(/^sig_/, '')), body })],
  ['signature bytes changed', async (url, body, keys) => ({ signature: flipSignature(await sign(claimsFor(url, body), keys.current)), body })],
  ['signature taken from another valid token', async (url, body, keys) => {
    const [header, payload] = (await sign(claimsFor(url, body), keys.current)).split('.');
    const [, , otherSignature] = (await sign(claimsFor(url, '{}'), keys.current)).split('.');
    return { signature: `${header}.${payload}.${otherSignature}`, body };
  }],
  ['expired an hour ago', async (url, body, keys) => {
    const iat = nowSeconds() - 3_600;
    return { signature: await sign(claimsFor(url, body, { iat, nbf: iat, exp: iat + 300 }), keys.current), body };
  }],
  ['replayed: a genuine token minted 6 minutes ago', async (url, body, keys) => {
    const iat = nowSeconds() - 360;
    return { signature: await sign(claimsFor(url, body, { iat, nbf: iat, exp: iat + 300 }), keys.current), body };
  }],
  ['expired 30 s ago (beyond the 5 s tolerance)', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { exp: nowSeconds() - 30 }), keys.current), body })],
  ['no exp claim (a token that would never expire)', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { exp: undefined }), keys.current), body })],
  ['nbf an hour in the future', async (url, body, keys) => {
    const iat = nowSeconds() + 3_600;
    return { signature: await sign(claimsFor(url, body, { iat, nbf: iat, exp: iat + 300 }), keys.current), body };
  }],
  ['nbf 60 s in the future', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { nbf: nowSeconds() + 60 }), keys.current), body })],
  ['body tampered (one trailing byte)', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body), keys.current), body: `${body} ` })],
  ['body replaced by another payload', async (url, body, keys) => ({ signature: await sign(claimsFor(url, '{"reason":"harmless"}'), keys.current), body })],
  ['body claim missing', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { body: undefined }), keys.current), body })],
  ['body claim is the hex digest', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { body: createHash('sha256').update(body).digest('hex') }), keys.current), body })],
  ['sub: another QStash route', async (_url, body, keys, otherRouteUrl) => ({ signature: await sign(claimsFor(otherRouteUrl, body), keys.current), body })],
  ['sub: same path on another host', async (url, body, keys) => ({ signature: await sign(claimsFor(url.replace(/^https?:\/\/[^/]+/, 'https://evil.example'), body), keys.current), body })],
  ['sub: same URL with a query string', async (url, body, keys) => ({ signature: await sign(claimsFor(`${url}?x=1`, body), keys.current), body })],
  ['sub missing', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { sub: undefined }), keys.current), body })],
  ['wrong issuer', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { iss: 'Mallory' }), keys.current), body })],
  ['issuer in lower case', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { iss: 'upstash' }), keys.current), body })],
  ['issuer missing', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body, { iss: undefined }), keys.current), body })],
  ['two tokens in one header', async (url, body, keys) => {
    const token = await sign(claimsFor(url, body), keys.current);
    return { signature: `${token}, ${token}`, body };
  }],
];

const ACCEPTED: Variant[] = [
  ['signed with the current key', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body), keys.current), body })],
  ['signed with the next key (key rotation)', async (url, body, keys) => ({ signature: await sign(claimsFor(url, body), keys.next), body })],
  ['body hash with = padding', async (url, body, keys) => ({
    signature: await sign(claimsFor(url, body, { body: createHash('sha256').update(body).digest('base64').replace(/\+/g, '-').replace(/\//g, '_') }), keys.current),
    body,
  })],
];

async function deliver(url: string, delivery: Delivery): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'upstash-message-id': `msg_test_${randomUUID()}`,
      'upstash-retried': '0',
      ...(delivery.signature === undefined ? {} : { 'upstash-signature': delivery.signature }),
    },
    body: delivery.body,
  });
}

describe('QStash signature variants on every /api/qstash/* route', () => {
  const { urls, env } = getTestStack();
  const keys: Keys = { current: env.QSTASH_CURRENT_SIGNING_KEY!, next: env.QSTASH_NEXT_SIGNING_KEY!, token: env.QSTASH_TOKEN! };
  /** Bodies that would change the fixture if a route accepted them. */
  const dangerousBodies = new Map<string, string>();
  let last: StateSnapshot;

  beforeAll(async () => {
    const member = await newSignedInMember('sigvar');
    const prebooking = await createPrebookingFor(member, await createSimClass({ opensInMs: 45 * 60_000 }));
    const goalResponse = await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '06:00', className: 'SIGVAR GOAL' }),
    });
    expect(goalResponse.status).toBe(201);
    const { goal } = (await goalResponse.json()) as { goal: { id: string } };
    const sourceBody = Buffer.from(JSON.stringify({ prebookingId: prebooking.id })).toString('base64');
    for (const route of QSTASH_ROUTES) {
      const body =
        route.endsWith('/prebooking-execute') ? { prebookingId: prebooking.id }
        : route.endsWith('/prebooking-failed') ? { status: 500, retried: 3, maxRetries: 3, dlqId: '1-0', sourceMessageId: prebooking.qstashMessageId!, url: `${urls.app}/api/qstash/prebooking-execute`, sourceBody }
        : route.endsWith('/goals-materialize') ? { goalId: goal.id }
        : route.endsWith('/notify-outcome') ? { prebookingId: prebooking.id, outcome: 'failed' }
        : { reason: 'signature test' };
      dangerousBodies.set(route, JSON.stringify(body));
    }
    last = await snapshotState();
  }, 90_000);

  test('knows every QStash receiver', () => {
    expect(QSTASH_ROUTES).toEqual(expect.arrayContaining(['/api/qstash/prebooking-execute', '/api/qstash/prebooking-failed', '/api/qstash/prebooking-sweep']));
  });

  const refusedCases = QSTASH_ROUTES.flatMap((route) => REFUSED.map(([name, build]) => ({ route, name, build })));

  test.each(refusedCases)('$route refuses: $name → 401, nothing changes', async ({ route, build }) => {
    const url = `${urls.app}${route}`;
    const otherRoute = QSTASH_ROUTES.find((candidate) => candidate !== route)!;
    const delivery = await build(url, dangerousBodies.get(route)!, keys, `${urls.app}${otherRoute}`);
    const response = await deliver(url, delivery);
    const json = (await response.json()) as { error?: { code: string; message: string } };
    expect({ status: response.status, code: json.error?.code }).toEqual({ status: 401, code: 'invalid_signature' });
    expect(json.error?.message).toEqual(expect.any(String));
    const now = await snapshotState();
    expect(diffSnapshots(last, now)).toEqual([]);
    last = now;
  });

  // Neutral bodies (unknown ids): a positive control proves acceptance without touching the fixture.
  const neutralBody = (route: string): string => {
    const unknown = randomUUID();
    if (route.endsWith('/prebooking-failed')) return JSON.stringify({ status: 500, retried: 3, sourceBody: Buffer.from(JSON.stringify({ prebookingId: unknown })).toString('base64') });
    if (route.endsWith('/goals-materialize')) return JSON.stringify({ goalId: unknown });
    if (route.endsWith('/notify-outcome')) return JSON.stringify({ prebookingId: unknown, outcome: 'booked' });
    if (route.endsWith('/prebooking-sweep')) return JSON.stringify({ reason: 'signature test' });
    if (route.endsWith('/prebooking-preflight')) return JSON.stringify({ prebookingId: unknown, fireAt: new Date().toISOString() });
    return JSON.stringify({ prebookingId: unknown });
  };

  const acceptedCases = QSTASH_ROUTES.flatMap((route) => ACCEPTED.map(([name, build]) => ({ route, name, build })));

  test.each(acceptedCases)('$route accepts (positive control): $name → 2xx', async ({ route, build }) => {
    const url = `${urls.app}${route}`;
    const response = await deliver(url, await build(url, neutralBody(route), keys, url));
    const text = await response.text();
    expect(response.status, text).toBeGreaterThanOrEqual(200);
    expect(response.status, text).toBeLessThan(300);
  });

  test('control: the failure-callback body these variants carried, correctly signed, does fail the prebooking (so the snapshots would have seen an accepted forgery)', async () => {
    const route = QSTASH_ROUTES.find((candidate) => candidate.endsWith('/prebooking-failed'))!;
    const url = `${urls.app}${route}`;
    const body = dangerousBodies.get(route)!;
    const response = await deliver(url, { signature: await sign(claimsFor(url, body), keys.current), body });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ changed: true });
    expect(diffSnapshots(last, await snapshotState())).not.toEqual([]);
  });
});
