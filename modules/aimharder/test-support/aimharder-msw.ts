import { http, HttpResponse, type HttpHandler } from 'msw';
import { PRODUCTION_AIMHARDER_HOSTS } from '../aimharder-hosts';
import type { AimHarderLogger, BoxRef } from '../aimharder.types';

/**
 * A small stand-in for AimHarder's auth endpoints, built from the reference's response shapes,
 * for msw-based unit tests. Box endpoints are added per test with `server.use(...)`.
 */
export const HOSTS = PRODUCTION_AIMHARDER_HOSTS;
export const BOX: BoxRef = { boxId: 10122, subdomain: 'mybox' };
export const BOX_URL = 'https://mybox.aimharder.com';
export const EMAIL = 'ana@example.com';
export const PASSWORD = 'S3cret-Pa55word!';
export const CREDENTIALS = { email: EMAIL, password: PASSWORD };

export interface FakeAimHarder {
  handlers: HttpHandler[];
  /** Requests seen, in order, as "METHOD host/path". */
  calls: string[];
  count(fragment: string): number;
  validTokens: Set<string>;
  lastLoginBody: Record<string, unknown> | null;
  lastSetRefreshQuery: URLSearchParams | null;
  /** Invalidates every session: the next box call answers `{"logout":1}`. */
  expireSessions(): void;
  isAuthenticated(request: Request): boolean;
  /** How the login host scopes the cookie. */
  cookieStyle: 'parent-domain' | 'host-only';
}

/**
 * A JSON response with Set-Cookie headers built as a plain `Response`: msw's `HttpResponse` would
 * also file the cookies in msw's own cookie store and append them to later requests, which would
 * hide whether the client's jar sent them.
 */
export function jsonWithCookies(body: unknown, setCookies: string[], status = 200): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const cookie of setCookies) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify(body), { status, headers });
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export function createFakeAimHarder(): FakeAimHarder {
  let issued = 0;
  const fake: FakeAimHarder = {
    handlers: [],
    calls: [],
    count: (fragment) => fake.calls.filter((call) => call.includes(fragment)).length,
    validTokens: new Set(),
    lastLoginBody: null,
    lastSetRefreshQuery: null,
    expireSessions: () => fake.validTokens.clear(),
    isAuthenticated: (request) => fake.validTokens.has(readCookie(request, 'amhrdrauth') ?? ''),
    cookieStyle: 'parent-domain',
  };
  fake.handlers = [
    http.post(`${HOSTS.loginBaseUrl}/api/login`, async ({ request }) => {
      fake.calls.push('POST login/api/login');
      fake.lastLoginBody = (await request.json()) as Record<string, unknown>;
      if (fake.lastLoginBody.password !== PASSWORD) {
        return HttpResponse.json({ info: 'El email o la contraseña no son correctos' });
      }
      issued += 1;
      const token = `auth-token-${issued}-abcdef`;
      fake.validTokens.add(token);
      const scope = fake.cookieStyle === 'parent-domain' ? 'Domain=.aimharder.com; ' : '';
      return jsonWithCookies(
        {
          data: {
            userData: {
              id: 123456,
              name: 'Ana',
              roles: [
                { role: 'client', boid: 10122, gym: 'My Box', centre_url: 'mybox.aimharder.com' },
                { role: 'client', boid: '8244', gym: 'Hybrid Box Grau', centre_url: 'https://hybridboxgrau.aimharder.com/' },
                { role: 'client', boid: 10122, gym: 'My Box (again)', centre_url: 'mybox.aimharder.com' },
                { role: 'admin', gym: 'No box id' },
              ],
              extra: { unknown: true },
            },
            auth: { authOK: true, refreshToken: `123456|1766000000|0123456789abcdef0123456789abcdef` },
          },
        },
        [`amhrdrauth=${token}; ${scope}Path=/; HttpOnly`, 'AWSALB=lb1; Path=/'],
      );
    }),
    http.get(`${HOSTS.mainBaseUrl}/setrefresh`, ({ request }) => {
      fake.calls.push('GET main/setrefresh');
      fake.lastSetRefreshQuery = new URL(request.url).searchParams;
      return HttpResponse.html('<html><script>localStorage.setItem("refreshToken","x")</script></html>');
    }),
    http.get(`${HOSTS.mainBaseUrl}/api/whoami`, ({ request }) => {
      fake.calls.push('GET main/api/whoami');
      if (!fake.isAuthenticated(request)) return HttpResponse.json({ data: [] });
      return HttpResponse.json({ data: [{ id: '123456', name: 'Ana', roles: [{ role: 'client', boid: 10122, gym: 'My Box', centre_url: 'mybox.aimharder.com' }] }] });
    }),
  ];
  return fake;
}

export interface CapturingLogger extends AimHarderLogger {
  entries: Array<{ level: 'info' | 'warn' | 'error'; message: string; data?: object }>;
  text(): string;
}

export function createCapturingLogger(): CapturingLogger {
  const entries: CapturingLogger['entries'] = [];
  return {
    entries,
    info: (message, data) => entries.push({ level: 'info', message, data }),
    warn: (message, data) => entries.push({ level: 'warn', message, data }),
    error: (message, data) => entries.push({ level: 'error', message, data }),
    text: () => JSON.stringify(entries),
  };
}

/** A class row as `/api/bookings` returns it (reference §3.3), with overrides. */
export function classRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 646157,
    time: '07:00 - 08:00',
    timeid: '0700_60',
    classId: 24743,
    className: 'WOD',
    classDesc: '',
    classLength: 60,
    color: '59, 130, 246',
    boxName: 'My Box',
    boxDir: 'C/ Example 1',
    boxPic: null,
    coachName: 'Coach',
    coachPic: null,
    enabled: 1,
    resadmin: 0,
    included: 1,
    ocupation: 12,
    limit: 16,
    limitc: 16,
    waitlist: 0,
    bookState: null,
    idres: null,
    cancelledId: null,
    spotres: null,
    ...overrides,
  };
}

export function bookingsEnvelope(rows: Array<Record<string, unknown>>): Record<string, unknown> {
  return { clasesDisp: 'OPEN BOX, WOD', timetable: [{ id: '0700_60', time: '07:00 - 08:00' }], day: 'Martes, 23 de Junio de 2026', bookings: rows, seminars: [], resmsgs: [] };
}
