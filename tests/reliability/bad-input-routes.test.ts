/**
 * Bad input to every route handler (app/api/**\/route.ts): malformed JSON, wrong shapes, wrong
 * types, missing and unknown fields, bodies over 1 MB (declared and chunked), invalid UTF-8,
 * unicode junk, invalid and unknown ids in the path, junk query strings, and seeded random
 * mutations of each route's valid body. Every one answers a 4xx with the JSON error shape, never a
 * 5xx, and changes nothing (every public table and the simulator's booking requests compared
 * before and after). QStash receivers get the same bodies correctly signed: the signature is not
 * what refuses them. Fuzz cases carry their seed in the name, so a failure can be replayed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { signInInputSchema, signOutInputSchema } from '../../modules/auth/auth.schema';
import { createGoalInputSchema, materializePayloadSchema, updateGoalInputSchema } from '../../modules/goals/goals.schema';
import { notificationSettingsInputSchema, notifyOutcomePayloadSchema } from '../../modules/notifications/notifications.schema';
import { pushSubscriptionInputSchema } from '../../modules/notifications/push/push-subscription.schema';
import { createPrebookingInputSchema, executePayloadSchema, failureCallbackSchema, sweepPayloadSchema } from '../../modules/prebooking/prebooking.schema';
import { bookClassInputSchema, cancelBookingInputSchema } from '../../modules/schedule/schedule.schema';
import { createPrebookingFor, createSimClass, newSignedInMember, signIn, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, mutateObject, seededRandom, snapshotState, type StateSnapshot } from './security-support';

const ADMIN = { email: 'admin@prebooker.local', password: 'admin-password' };
/** A valid P-256 public key (the push subscription route checks the point is on the curve). */
const PUSH_P256DH = 'BMEwyOzJERwG4M08f-cUa4AU2qHnOK5li2WGCARhKJ94v8dsqrzvuU3Ldj_LyM9TH2EGaICsftep518ZSd4iDe4';
const FUZZ_PER_ROUTE = 4;
const ONE_MEGABYTE = 1024 * 1024;

type Caller = 'member' | 'admin' | 'anon' | 'qstash';

interface JsonRoute {
  method: string;
  path: string;
  as: Caller;
  schema: z.ZodType;
  /** How the route turns the raw text into the value its schema sees. */
  parse?: (text: string) => unknown;
  valid: Record<string, unknown>;
}

/** `{prebooking}` and `{goal}` are the fixture's ids, filled in once they exist. */
const JSON_ROUTES: JsonRoute[] = [
  { method: 'POST', path: '/api/auth/sign-in', as: 'anon', schema: signInInputSchema, valid: { email: 'nobody@test.local', password: 'pw' } },
  { method: 'POST', path: '/api/auth/sign-out', as: 'member', schema: signOutInputSchema, valid: { forget: true } },
  { method: 'POST', path: '/api/bookings', as: 'member', schema: bookClassInputSchema, valid: { boxId: 10122, day: '2027-01-04', classId: 'c1', waitlist: false } },
  { method: 'POST', path: '/api/bookings/cancel', as: 'member', schema: cancelBookingInputSchema, valid: { boxId: 10122, reservationId: 'r1', late: false } },
  { method: 'PUT', path: '/api/me/notifications', as: 'member', schema: notificationSettingsInputSchema, valid: { emailOutcomes: 'none' } },
  {
    method: 'POST',
    path: '/api/me/push-subscriptions',
    as: 'member',
    schema: pushSubscriptionInputSchema,
    valid: { endpoint: 'https://fcm.googleapis.com/fcm/send/fuzz', keys: { p256dh: PUSH_P256DH, auth: 'AAAAAAAAAAAAAAAAAAAAAA' }, deviceLabel: 'Fuzz' },
  },
  { method: 'POST', path: '/api/prebookings', as: 'member', schema: createPrebookingInputSchema, valid: { boxId: 10122, day: '2027-01-04', classId: 'c1', waitlistIfFull: false } },
  {
    method: 'POST',
    path: '/api/goals',
    as: 'member',
    schema: createGoalInputSchema,
    valid: { boxId: 10122, weekdays: [1], startTime: '18:00', className: 'WOD', classNameMatch: 'exact', waitlistIfFull: false, active: true, skips: [] },
  },
  { method: 'PATCH', path: '/api/goals/{goal}', as: 'member', schema: updateGoalInputSchema, valid: { className: 'FUZZ', startTime: '19:00' } },
  { method: 'POST', path: '/api/qstash/prebooking-execute', as: 'qstash', schema: executePayloadSchema, valid: { prebookingId: '{prebooking}' } },
  {
    method: 'POST',
    path: '/api/qstash/prebooking-failed',
    as: 'qstash',
    schema: failureCallbackSchema,
    valid: { status: 500, retried: 3, sourceBody: '{sourceBody}' },
  },
  { method: 'POST', path: '/api/qstash/prebooking-sweep', as: 'qstash', schema: sweepPayloadSchema, parse: (text) => (text ? JSON.parse(text) : undefined), valid: { reason: 'fuzz' } },
  { method: 'POST', path: '/api/qstash/goals-materialize', as: 'qstash', schema: materializePayloadSchema, parse: (text) => (text ? JSON.parse(text) : {}), valid: { goalId: '{goal}' } },
  { method: 'POST', path: '/api/qstash/notify-outcome', as: 'qstash', schema: notifyOutcomePayloadSchema, valid: { prebookingId: '{prebooking}', outcome: 'failed' } },
];

/** Raw bodies every JSON route must refuse (unless its schema happens to accept one: then it is not bad input). */
const GENERIC_BODIES: Array<[name: string, body: (valid: Record<string, unknown>) => string | Buffer]> = [
  ['malformed JSON: unterminated object', () => '{"boxId": 10122,'],
  ['malformed JSON: trailing comma', (valid) => JSON.stringify(valid).replace(/}$/, ',}')],
  ['empty body', () => ''],
  ['JSON null', () => 'null'],
  ['JSON number', () => '42'],
  ['array instead of an object', (valid) => JSON.stringify([valid])],
  ['empty object', () => '{}'],
  ['every field null', (valid) => JSON.stringify(Object.fromEntries(Object.keys(valid).map((key) => [key, null])))],
  ['invalid UTF-8 bytes', () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
  ['unicode junk keys and values', () => JSON.stringify({ '😀': '\u202E\uD800', '\u0000': '\uFEFF', 'ﷺ': ['Ω≈ç√'] })],
  ['deeply nested arrays', () => `${'['.repeat(300)}${']'.repeat(300)}`],
];

/** Path ids that are not ids at all (each route must answer 400, or 404 where any string is a lookup key). */
const BAD_IDS = [
  'abc',
  '00000000-0000-4000-8000-00000000000',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('😀'),
  encodeURIComponent('\u0000'),
  '%2e%2e%2f%2e%2e%2fetc',
  'a'.repeat(3_000),
];

interface Outcome {
  status: number;
  json: { error?: { code?: string; message?: string } } | null;
  text: string;
}

describe('bad input to every route', () => {
  const { urls, env } = getTestStack();
  let member: SignedInMember;
  let admin: SignedInMember;
  let fixture: { prebooking: string; goal: string; sourceBody: string };
  let last: StateSnapshot;

  beforeAll(async () => {
    [member, admin] = await Promise.all([newSignedInMember('badinput'), signIn(ADMIN.email, ADMIN.password)]);
    const prebooking = await createPrebookingFor(member, await createSimClass({ opensInMs: 45 * 60_000 }));
    const goalResponse = await member.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '06:00', className: 'BADINPUT GOAL' }),
    });
    expect(goalResponse.status).toBe(201);
    const goal = ((await goalResponse.json()) as { goal: { id: string } }).goal.id;
    fixture = { prebooking: prebooking.id, goal, sourceBody: Buffer.from(JSON.stringify({ prebookingId: prebooking.id })).toString('base64') };
    last = await snapshotState();
  }, 90_000);

  const fill = (text: string) => text.replace(/\{(prebooking|goal|sourceBody)\}/g, (_all, key: keyof typeof fixture) => fixture[key]);
  const fillValue = (value: Record<string, unknown>) => JSON.parse(fill(JSON.stringify(value))) as Record<string, unknown>;

  async function qstashSignature(url: string, body: string | Buffer): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ body: createHash('sha256').update(body).digest('base64url') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('Upstash')
      .setSubject(url)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + 300)
      .setJti(`jwt_${iat}_${Math.random().toString(36).slice(2)}`)
      .sign(new TextEncoder().encode(env.QSTASH_CURRENT_SIGNING_KEY!));
  }

  async function send(as: Caller, method: string, path: string, body?: string | Buffer | ReadableStream, signedBytes?: string | Buffer): Promise<Outcome> {
    const url = `${urls.app}${fill(path)}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (as === 'member') headers.cookie = member.cookie;
    if (as === 'admin') headers.cookie = admin.cookie;
    if (as === 'qstash') headers['upstash-signature'] = await qstashSignature(`${urls.app}${path.split('?')[0]}`, signedBytes ?? (body as string | Buffer) ?? '');
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body: body as BodyInit | undefined };
    if (body instanceof ReadableStream) init.duplex = 'half';
    const response = await fetch(url, init);
    const text = await response.text();
    let json: Outcome['json'] = null;
    try {
      json = JSON.parse(text) as Outcome['json'];
    } catch {
      json = null;
    }
    return { status: response.status, json, text };
  }

  /** A 4xx (QStash's 489 "do not retry" included) with the one JSON error shape `{ error: { code, message } }`. */
  function expectRefused(outcome: Outcome, how = ''): void {
    const context = `${how} ${outcome.text.slice(0, 300)}`;
    expect(outcome.status, context).toBeGreaterThanOrEqual(400);
    expect(outcome.status, context).toBeLessThan(500);
    expect(outcome.json?.error?.message, context).toEqual(expect.any(String));
    expect(outcome.json?.error?.code, context).toEqual(expect.any(String));
  }

  async function expectNoChange(): Promise<void> {
    const now = await snapshotState();
    expect(diffSnapshots(last, now)).toEqual([]);
    last = now;
  }

  /** Whether the route would accept this text: then it is valid input, not a bad-input case. */
  function acceptedBySchema(route: JsonRoute, text: string): boolean {
    let value: unknown;
    try {
      value = (route.parse ?? ((raw: string) => (raw.length === 0 ? undefined : JSON.parse(raw))))(text);
    } catch {
      return false;
    }
    return route.schema.safeParse(value).success;
  }

  const label = (route: JsonRoute) => `${route.method} ${route.path}`;

  // One state snapshot per group of cases (a per-case snapshot would triple the run time); a
  // change is still pinned to its route, and the diff shows the rows that moved.
  describe.each(JSON_ROUTES.map((route) => ({ route, label: label(route) })))('$label', ({ route }) => {
    beforeAll(async () => {
      last = await snapshotState();
    });

    test.each(GENERIC_BODIES.map(([name, body]) => ({ name, body })))('$name → 4xx JSON', async ({ body }) => {
      const raw = body(fillValue(route.valid));
      const sent = typeof raw === 'string' ? fill(raw) : raw;
      // A body the route's schema accepts (sign-out's `{}`) is a valid request, not bad input.
      if (acceptedBySchema(route, typeof sent === 'string' ? sent : sent.toString('utf8'))) return;
      expectRefused(await send(route.as, route.method, route.path, sent));
    });

    test.each([
      { name: 'a 1.2 MB body with its length declared', chunked: false },
      { name: 'a 1.2 MB body streamed without a length', chunked: true },
    ])('$name → 413', async ({ chunked }) => {
      const huge = JSON.stringify({ ...fillValue(route.valid), padding: 'x'.repeat(1.2 * ONE_MEGABYTE) });
      const body = chunked
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              const bytes = new TextEncoder().encode(huge);
              for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
              controller.close();
            },
          })
        : huge;
      const outcome = await send(route.as, route.method, route.path, body, huge);
      expect(outcome.status, outcome.text.slice(0, 200)).toBe(413);
      expectRefused(outcome);
    });

    const routeIndex = JSON_ROUTES.indexOf(route);
    test.each(Array.from({ length: FUZZ_PER_ROUTE }, (_unused, index) => ({ seed: 7_000 + routeIndex * 100 + index })))('fuzz seed $seed → 4xx JSON', async ({ seed }) => {
      const random = seededRandom(seed);
      const valid = fillValue(route.valid);
      // Mutate until the route's own schema refuses the body (a mutation can land on a valid value).
      let mutated = mutateObject(valid, random);
      for (let tries = 0; acceptedBySchema(route, JSON.stringify(mutated.body)) && tries < 50; tries += 1) mutated = mutateObject(valid, random);
      expect(acceptedBySchema(route, JSON.stringify(mutated.body)), `seed ${seed} found no invalid mutation`).toBe(false);
      expectRefused(await send(route.as, route.method, route.path, JSON.stringify(mutated.body)), mutated.how);
    });

    test('…and none of it changed anything', expectNoChange);
  });

  const idRoutes: Array<{ as: Caller; method: string; path: string }> = [
    { as: 'member', method: 'GET', path: '/api/prebookings/:id' },
    { as: 'member', method: 'DELETE', path: '/api/prebookings/:id' },
    { as: 'member', method: 'GET', path: '/api/goals/:id' },
    { as: 'member', method: 'PATCH', path: '/api/goals/:id' },
    { as: 'member', method: 'DELETE', path: '/api/goals/:id' },
    { as: 'admin', method: 'POST', path: '/api/admin/prebookings/:id/retry' },
    { as: 'anon', method: 'GET', path: '/api/calendar/:id' },
    { as: 'member', method: 'DELETE', path: '/api/me/push-subscriptions/:id' },
  ];
  describe.each(idRoutes.map((route) => ({ ...route, label: `${route.method} ${route.path}` })))('$label', ({ as, method, path }) => {
    beforeAll(async () => {
      last = await snapshotState();
    });
    const body = method === 'PATCH' ? JSON.stringify({ active: false }) : undefined;
    const cases = BAD_IDS.map((id) => ({ id, shown: id.length > 40 ? `${id.slice(0, 12)}…(${id.length} chars)` : id }));
    test.each(cases)('id $shown → 4xx JSON', async ({ id }) => {
      expectRefused(await send(as, method, path.replace(':id', id), body));
    });
    test('an unknown uuid → 404 JSON', async () => {
      const outcome = await send(as, method, path.replace(':id', randomUUID()), body);
      expect(outcome.status).toBe(404);
      expectRefused(outcome);
    });
    test('…and none of it changed anything', expectNoChange);
  });

  describe('junk query strings', () => {
    const badQueries: Array<{ as: Caller; path: string }> = [
      { as: 'member', path: '/api/prebookings?scope=everything' },
      { as: 'member', path: '/api/prebookings?scope=all&extra=1' },
      { as: 'member', path: `/api/prebookings?scope=${encodeURIComponent('😀\u0000')}` },
      { as: 'admin', path: '/api/admin/prebookings?status=bogus' },
      { as: 'admin', path: '/api/admin/prebookings?page=0' },
      { as: 'admin', path: '/api/admin/prebookings?pageSize=100000' },
      { as: 'admin', path: '/api/admin/prebookings?memberId=not-a-uuid' },
      { as: 'admin', path: '/api/admin/prebookings?from=2026-13-45' },
      { as: 'admin', path: '/api/admin/prebookings?boxId=-1' },
      { as: 'admin', path: '/api/admin/prebookings?page=1e400' },
      { as: 'admin', path: '/api/admin/prebookings?sql=%27%3B%20drop%20table%20prebookings' },
      { as: 'admin', path: '/api/admin/goals?memberId=x' },
      { as: 'admin', path: '/api/admin/goals?memberId=00000000-0000-4000-8000-000000000000&x=1' },
      { as: 'admin', path: '/api/admin/stats?period=forever' },
      { as: 'admin', path: '/api/admin/stats?period=custom' },
      { as: 'admin', path: '/api/admin/stats?period=custom&from=2026-02-01&to=2026-01-01' },
      { as: 'admin', path: '/api/admin/stats?period=custom&from=yesterday&to=today' },
      // Issue 13: the synced bookings and My classes refuse junk before asking AimHarder anything.
      { as: 'member', path: '/api/me/bookings?refresh=yes' },
      { as: 'member', path: '/api/me/bookings?include=cancelled' },
      { as: 'member', path: '/api/me/bookings?refresh=1&extra=1' },
      { as: 'member', path: `/api/me/bookings?include=${encodeURIComponent('😀\u0000')}` },
      { as: 'member', path: '/api/me/classes?x=1' },
    ];
    beforeAll(async () => {
      last = await snapshotState();
    });
    test.each(badQueries)('GET $path → 4xx JSON', async ({ as, path }) => {
      expectRefused(await send(as, 'GET', path));
    });
    test('…and none of it changed anything', expectNoChange);
  });

  // Well-formed but out of range: the day and box-id cases of prebookings, bookings and admin stats used
  // to reach the zone arithmetic or the database and answer 500/502/503; the schemas now bound days to
  // 2000–2999 and box ids to PostgreSQL integers.
  describe('out-of-range days and box ids → 400 (most were a 5xx before this suite)', () => {
    const cases: Array<{ as: Caller; method: string; path: string; body?: Record<string, unknown> }> = [
      { as: 'member', method: 'POST', path: '/api/prebookings', body: { boxId: 10122, day: '0001-01-01', classId: 'c1' } },
      { as: 'member', method: 'POST', path: '/api/prebookings', body: { boxId: 2147483648, day: '2027-01-04', classId: 'c1' } },
      { as: 'member', method: 'POST', path: '/api/bookings', body: { boxId: 10122, day: '0001-01-01', classId: 'c1' } },
      { as: 'member', method: 'POST', path: '/api/bookings', body: { boxId: 2147483648, day: '2027-01-04', classId: 'c1' } },
      { as: 'member', method: 'POST', path: '/api/bookings/cancel', body: { boxId: 2147483648, reservationId: 'r1' } },
      { as: 'member', method: 'POST', path: '/api/goals', body: { boxId: 2147483648, weekdays: [1], startTime: '18:00', className: 'WOD' } },
      { as: 'member', method: 'POST', path: '/api/goals', body: { boxId: 10122, weekdays: [1], startTime: '18:00', className: 'WOD', skips: [{ from: '0001-01-01' }] } },
      { as: 'admin', method: 'GET', path: '/api/admin/prebookings?boxId=2147483648' },
      { as: 'admin', method: 'GET', path: '/api/admin/prebookings?from=0001-01-01' },
      { as: 'admin', method: 'GET', path: '/api/admin/stats?period=custom&from=0001-01-01&to=2026-01-01' },
      { as: 'admin', method: 'GET', path: '/api/admin/stats?period=custom&from=2026-01-01&to=9999-12-31' },
    ];
    beforeAll(async () => {
      last = await snapshotState();
    });
    test.each(cases.map((item) => ({ ...item, shown: item.body ? JSON.stringify(item.body).slice(0, 70) : '' })))('$method $path $shown → 400 JSON', async ({ as, method, path, body }) => {
      const outcome = await send(as, method, path, body ? JSON.stringify(body) : undefined);
      expect(outcome.status, outcome.text.slice(0, 300)).toBe(400);
      expectRefused(outcome);
    });
    test('…and none of it changed anything', expectNoChange);
  });

  describe('valid by the schemas but extreme: answered or refused, never a 5xx', () => {
    const extreme: Array<{ as: Caller; method: string; path: string; body?: Record<string, unknown>; changesNothing: boolean }> = [
      // The schedule falls back to the member's first box and today for anything it does not know.
      { as: 'member', method: 'GET', path: '/api/schedule?boxId=999999&day=2027-01-04', changesNothing: true },
      { as: 'member', method: 'GET', path: '/api/schedule?boxId=abc&day=not-a-day', changesNothing: true },
      { as: 'member', method: 'GET', path: '/api/schedule?boxId=10122&day=9999-12-31', changesNothing: true },
      { as: 'admin', method: 'GET', path: '/api/admin/prebookings?page=10000&pageSize=200', changesNothing: true },
      { as: 'admin', method: 'GET', path: '/api/admin/prebookings?from=2999-12-31&to=2000-01-01', changesNothing: true },
      { as: 'member', method: 'POST', path: '/api/prebookings', body: { boxId: 10122, day: '2999-12-31', classId: 'c1' }, changesNothing: true },
      { as: 'member', method: 'POST', path: '/api/bookings/cancel', body: { boxId: 10122, reservationId: 'no-such-reservation' }, changesNothing: false },
      {
        as: 'member',
        method: 'POST',
        path: '/api/goals',
        body: { boxId: 10122, weekdays: [1, 7], startTime: '00:00', className: '😀 \u202E', skips: [{ from: '2000-01-01', to: '2000-12-31' }] },
        changesNothing: false,
      },
      { as: 'member', method: 'PATCH', path: '/api/goals/{goal}', body: { skips: [{ from: '2999-01-01', to: '2999-12-31', note: 'ﷺ' }] }, changesNothing: false },
    ];
    beforeAll(async () => {
      last = await snapshotState();
    });
    test.each(extreme.map((item) => ({ ...item, shown: item.body ? JSON.stringify(item.body).slice(0, 70) : '' })))(
      '$method $path $shown',
      async ({ as, method, path, body, changesNothing }) => {
        const outcome = await send(as, method, path, body ? JSON.stringify(body) : undefined);
        expect(outcome.status, outcome.text.slice(0, 300)).toBeLessThan(500);
        if (outcome.status >= 400) expectRefused(outcome);
        if (changesNothing) await expectNoChange();
        else last = await snapshotState();
      },
    );
  });
});
