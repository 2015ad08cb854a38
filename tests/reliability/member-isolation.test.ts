/**
 * Isolation between members, admins and anonymous callers, over HTTP as a browser or script would:
 * - another member's prebooking or goal answers exactly like an unknown id (404 `not_found`), for
 *   read, cancel, edit and delete, and never shows up in the other member's lists;
 * - another member's AimHarder reservation cannot be cancelled through us;
 * - a signed-in non-admin gets 403 `forbidden` on every /api/admin/* route (the app's documented
 *   answer: admin routes say "only admins", member routes hide existence);
 * - anonymous callers, forged, expired and signed-out session cookies get 401 `unauthenticated`
 *   on every member and admin route (the list is read from app/api, so a new route is covered).
 * Nothing of the owner's changes (every table and the simulator's booking requests compared).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPrebookingFor, createSimClass, newSignedInMember, testDatabase, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, snapshotState, type StateSnapshot } from './security-support';

const API_DIR = path.join(process.cwd(), 'app/api');
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every route handler under app/api and the methods it exports, e.g. `DELETE /api/goals/[id]`. */
function discoverRoutes(): Array<{ method: string; template: string }> {
  const routes: Array<{ method: string; template: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const source = fs.readFileSync(full, 'utf8');
        const template = `/api/${path.relative(API_DIR, dir).split(path.sep).join('/')}`;
        for (const method of HTTP_METHODS) {
          if (new RegExp(`export\\s+(async\\s+)?function\\s+${method}\\b`).test(source)) routes.push({ method, template });
        }
      }
    }
  };
  walk(API_DIR);
  return routes.sort((a, b) => `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`));
}

/** Public by design: health, sign-in, the calendar feed (its URL token is the credential) and QStash receivers (signed). */
const isPublic = (template: string) =>
  template === '/api/health' || template === '/api/auth/sign-in' || template.startsWith('/api/calendar/') || template.startsWith('/api/qstash/');

const ROUTES = discoverRoutes();
const MEMBER_ROUTES = ROUTES.filter((route) => !isPublic(route.template));
const ADMIN_ROUTES = ROUTES.filter((route) => route.template.startsWith('/api/admin/'));

interface ErrorJson {
  error?: { code?: string; message?: string };
}

describe('isolation between members, admins and anonymous callers', () => {
  const { urls, env } = getTestStack();
  let owner: SignedInMember;
  let other: SignedInMember;
  let fixture: { prebooking: string; failedPrebooking: string; goal: string; reservationId: string; bookedClassId: string; calendarUrl: string };
  let last: StateSnapshot;

  const fillTemplate = (template: string) =>
    template
      .replace('/api/prebookings/[id]', `/api/prebookings/${fixture.prebooking}`)
      .replace('/api/admin/prebookings/[id]', `/api/admin/prebookings/${fixture.failedPrebooking}`)
      .replace('/api/goals/[id]', `/api/goals/${fixture.goal}`)
      .replace(/\[[a-z]+\]/gi, randomUUID());

  const jsonBody = (method: string, template: string): string | undefined => {
    if (method === 'GET' || method === 'DELETE') return undefined;
    if (template === '/api/goals/[id]') return JSON.stringify({ active: false });
    if (template === '/api/me/notifications') return JSON.stringify({ emailOutcomes: 'none' });
    if (template === '/api/bookings/cancel') return JSON.stringify({ boxId: 10122, reservationId: fixture.reservationId });
    return '{}';
  };

  async function call(cookie: string | undefined, method: string, pathname: string, body?: string): Promise<{ status: number; json: ErrorJson & Record<string, unknown>; text: string }> {
    const response = await fetch(`${urls.app}${pathname}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body,
    });
    const text = await response.text();
    let json: ErrorJson & Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      json = {};
    }
    return { status: response.status, json, text };
  }

  async function expectNoChange(): Promise<void> {
    const now = await snapshotState();
    expect(diffSnapshots(last, now)).toEqual([]);
    last = now;
  }

  beforeAll(async () => {
    [owner, other] = await Promise.all([newSignedInMember('iso-owner'), newSignedInMember('iso-other')]);
    const prebooking = await createPrebookingFor(owner, await createSimClass({ opensInMs: 45 * 60_000 }));

    const goalResponse = await owner.fetch('/api/goals', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: 10122, weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '05:00', className: 'ISOLATION GOAL' }),
    });
    expect(goalResponse.status).toBe(201);
    const goal = ((await goalResponse.json()) as { goal: { id: string } }).goal.id;

    // A failed prebooking whose class has not started: exactly what an admin could retry.
    const failedClass = await createSimClass({ opensInMs: 50 * 60_000 });
    const { data, error } = await testDatabase()
      .from('prebookings')
      .insert({
        member_id: owner.id,
        box_id: 10122,
        aimharder_class_id: failedClass.id,
        class_day: failedClass.day,
        class_start_time: failedClass.time,
        class_starts_at: new Date(failedClass.opensAtMs + 4 * 86_400_000).toISOString(),
        class_name: 'ISOLATION FAILED',
        available_at: failedClass.opensAt,
        fire_at: failedClass.opensAt,
        status: 'failed',
        result_code: 'delivery_failed',
        result_message: 'failed for the isolation test',
      })
      .select('id')
      .single();
    expect(error).toBeNull();

    // A real AimHarder reservation of the owner's, made at the simulator directly.
    const openClass = await createSimClass({ opensInMs: -1 });
    const booked = await fetch(`${urls.aimharder}/__sim/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ classId: openClass.id, email: owner.email }),
    });
    const reservation = (await booked.json()) as { reservationId?: string };
    expect(reservation.reservationId, JSON.stringify(reservation)).toEqual(expect.any(String));

    const feed = await owner.fetch('/api/me/calendar', { method: 'POST' });
    const calendarUrl = ((await feed.json()) as { feed: { url: string } }).feed.url;

    fixture = { prebooking: prebooking.id, failedPrebooking: (data as { id: string }).id, goal, reservationId: reservation.reservationId!, bookedClassId: openClass.id, calendarUrl };
    last = await snapshotState();
  }, 90_000);

  test('the route list covers the member, admin and public routes', () => {
    expect(MEMBER_ROUTES.map((route) => `${route.method} ${route.template}`)).toEqual(
      expect.arrayContaining(['GET /api/prebookings/[id]', 'DELETE /api/prebookings/[id]', 'GET /api/admin/prebookings', 'POST /api/admin/prebookings/[id]/retry']),
    );
  });

  describe("another member's prebooking and goal answer like an unknown id", () => {
    const cases = [
      { method: 'GET', kind: 'prebooking' },
      { method: 'DELETE', kind: 'prebooking' },
      { method: 'GET', kind: 'goal' },
      { method: 'PATCH', kind: 'goal' },
      { method: 'DELETE', kind: 'goal' },
    ] as const;
    test.each(cases)('$method the $kind → 404 not_found, same as an unknown id', async ({ method, kind }) => {
      const base = kind === 'prebooking' ? '/api/prebookings' : '/api/goals';
      const ownerId = kind === 'prebooking' ? fixture.prebooking : fixture.goal;
      const unknownId = randomUUID();
      const body = method === 'PATCH' ? JSON.stringify({ active: false }) : undefined;
      const theirs = await call(other.cookie, method, `${base}/${ownerId}`, body);
      const unknown = await call(other.cookie, method, `${base}/${unknownId}`, body);
      expect(theirs.status).toBe(404);
      expect(theirs.json.error?.code).toBe('not_found');
      // Nothing but the id itself tells the two apart: existence does not leak.
      expect({ status: theirs.status, json: JSON.parse(theirs.text.replaceAll(ownerId, 'ID')) }).toEqual({
        status: unknown.status,
        json: JSON.parse(unknown.text.replaceAll(unknownId, 'ID')),
      });
      await expectNoChange();
    });

    test("the other member's lists, schedule and calendar show none of the owner's items", async () => {
      const simClassDay = (await testDatabase().from('prebookings').select('class_day').eq('id', fixture.prebooking).single()).data as { class_day: string };
      for (const pathname of ['/api/prebookings?scope=all', '/api/me/prebookings', '/api/goals', `/api/schedule?boxId=10122&day=${simClassDay.class_day}`, '/api/me/calendar']) {
        const response = await call(other.cookie, 'GET', pathname);
        expect(response.status, pathname).toBe(200);
        for (const secret of [fixture.prebooking, fixture.failedPrebooking, fixture.goal, owner.id, fixture.calendarUrl]) {
          expect(response.text, `${pathname} must not contain ${secret}`).not.toContain(secret);
        }
      }
      await expectNoChange();
    });

    test("the owner's AimHarder reservation cannot be cancelled by the other member", async () => {
      const response = await call(other.cookie, 'POST', '/api/bookings/cancel', JSON.stringify({ boxId: 10122, reservationId: fixture.reservationId }));
      expect(response.status, response.text).toBeLessThan(500);
      expect(response.json.ok, response.text).not.toBe(true);
      const state = (await (await fetch(`${urls.aimharder}/__sim/classes/${fixture.bookedClassId}`)).json()) as { bookings: Array<{ reservationId: string }> };
      expect(state.bookings.map((booking) => booking.reservationId)).toContain(fixture.reservationId);
    });
  });

  describe('a signed-in non-admin on every /api/admin/* route', () => {
    test.each(ADMIN_ROUTES)('$method $template → 403 forbidden, nothing changes', async ({ method, template }) => {
      const response = await call(other.cookie, method, fillTemplate(template), jsonBody(method, template));
      expect(response.status, response.text).toBe(403);
      expect(response.json.error?.code).toBe('forbidden');
      expect(response.text).not.toContain(fixture.prebooking);
      await expectNoChange();
    });
  });

  describe('anonymous and bad session cookies on every member and admin route', () => {
    const sessionSecret = () => new TextEncoder().encode(env.SESSION_SECRET!);
    const token = (claims: { sub: string; sv: number; iat: number; exp: number }, secret = sessionSecret()) =>
      new SignJWT({ sv: claims.sv })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer('prebooker')
        .setAudience('prebooker-web')
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .sign(secret);
    const now = () => Math.floor(Date.now() / 1000);

    const cookies: Array<[name: string, cookie: () => Promise<string | undefined>]> = [
      ['no cookie', async () => undefined],
      ['a session signed with another secret', async () => `prebooker_session=${await token({ sub: owner.id, sv: 0, iat: now(), exp: now() + 600 }, new TextEncoder().encode('x'.repeat(64)))}`],
      ['an expired session', async () => `prebooker_session=${await token({ sub: owner.id, sv: 0, iat: now() - 7_200, exp: now() - 3_600 })}`],
      ['a session of a bumped session version (signed out everywhere)', async () => `prebooker_session=${await token({ sub: owner.id, sv: 999, iat: now(), exp: now() + 600 })}`],
      ['a session of a member that does not exist', async () => `prebooker_session=${await token({ sub: randomUUID(), sv: 0, iat: now(), exp: now() + 600 })}`],
    ];

    const cases = MEMBER_ROUTES.flatMap((route) => cookies.map(([name, cookie]) => ({ ...route, name, cookie })));
    test.each(cases)('$method $template with $name → 401 unauthenticated', async ({ method, template, cookie }) => {
      const response = await call(await cookie(), method, fillTemplate(template), jsonBody(method, template));
      expect(response.status, response.text).toBe(401);
      expect(response.json.error?.code).toBe('unauthenticated');
      expect(response.json.error?.message).toEqual(expect.any(String));
    });

    test('…and none of it changed anything', expectNoChange);

    test('a cookie from before sign-out no longer works', async () => {
      const leaving = await newSignedInMember('iso-leaving');
      expect((await call(leaving.cookie, 'GET', '/api/prebookings')).status).toBe(200);
      expect((await call(leaving.cookie, 'POST', '/api/auth/sign-out', '{}')).status).toBe(200);
      const after = await call(leaving.cookie, 'GET', '/api/prebookings');
      expect(after.status).toBe(401);
      expect(after.json.error?.code).toBe('unauthenticated');
    });
  });
});
