import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAimHarderClient } from './aimharder-client';
import { AimHarderLoginError, AimHarderSessionExpiredError } from './aimharder-errors';
import { deriveFingerprint } from './aimharder-fingerprint';
import {
  BOX,
  BOX_URL,
  CREDENTIALS,
  EMAIL,
  HOSTS,
  PASSWORD,
  bookingsEnvelope,
  classRow,
  createCapturingLogger,
  createFakeAimHarder,
  readCookie,
  type FakeAimHarder,
} from './test-support/aimharder-msw';

const server = setupServer();
let fake: FakeAimHarder;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fake = createFakeAimHarder();
  server.use(...fake.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const LOGIN_URL = `${HOSTS.loginBaseUrl}/api/login`;

async function loginFailure(response: () => Response | Promise<Response>): Promise<AimHarderLoginError> {
  server.use(http.post(LOGIN_URL, response));
  const error = await createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger(), timeoutMs: 200 })
    .login()
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AimHarderLoginError);
  return error as AimHarderLoginError;
}

describe('login', () => {
  it('posts the JSON login with a stable 50-character fingerprint and returns the memberships', async () => {
    const onSessionChanged = vi.fn();
    let headers: Headers | undefined;
    server.use(
      http.post(LOGIN_URL, ({ request }) => {
        headers = request.headers;
        return undefined; // fall through to the fake after looking
      }),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, onSessionChanged, logger: createCapturingLogger() });
    const identity = await client.login();

    expect(identity).toEqual({
      userId: '123456',
      name: 'Ana',
      memberships: [
        { boxId: 10122, subdomain: 'mybox', name: 'My Box' },
        { boxId: 8244, subdomain: 'hybridboxgrau', name: 'Hybrid Box Grau' },
      ],
    });
    expect(fake.lastLoginBody).toEqual({ username: EMAIL, password: PASSWORD, fingerprint: deriveFingerprint(EMAIL), iniframe: 0 });
    expect(String(fake.lastLoginBody?.fingerprint)).toHaveLength(50);
    expect(headers?.get('content-type')).toBe('application/json');
    expect(headers?.get('x-requested-with')).toBe('XMLHttpRequest');
    expect(headers?.get('origin')).toBe('https://login.aimharder.com');
    expect(headers?.get('user-agent')).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
    // The front-end's setrefresh step, with the refresh token and the same fingerprint.
    expect(fake.lastSetRefreshQuery?.get('token')).toBe('123456|1766000000|0123456789abcdef0123456789abcdef');
    expect(fake.lastSetRefreshQuery?.get('fingerprint')).toBe(deriveFingerprint(EMAIL));
    expect(onSessionChanged).toHaveBeenCalledTimes(1);
    expect(onSessionChanged.mock.calls[0]?.[0]).toBe(client.exportSession());
  });

  it('uses a given fingerprint instead of the derived one', async () => {
    await createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, fingerprint: 'f'.repeat(50), logger: createCapturingLogger() }).login();
    expect(fake.lastLoginBody?.fingerprint).toBe('f'.repeat(50));
  });

  it('sends the parent-domain auth cookie to the box subdomain', async () => {
    let cookie: string | undefined;
    server.use(
      http.get(`${BOX_URL}/api/bookings`, ({ request }) => {
        cookie = readCookie(request, 'amhrdrauth');
        return HttpResponse.json(bookingsEnvelope([]));
      }),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await client.login();
    await client.listClasses(BOX, '2026-06-23');
    expect(cookie).toMatch(/^auth-token-1-/);
  });

  it('re-scopes a host-only auth cookie from the login host to the box and main hosts', async () => {
    fake.cookieStyle = 'host-only';
    let boxCookie: string | undefined;
    server.use(
      http.get(`${BOX_URL}/api/bookings`, ({ request }) => {
        boxCookie = readCookie(request, 'amhrdrauth');
        return HttpResponse.json(bookingsEnvelope([classRow({ bookState: 1, idres: 99 })]));
      }),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await client.login();
    expect(await client.whoami()).toMatchObject({ userId: '123456' });
    const [slot] = await client.listClasses(BOX, '2026-06-23');
    expect(boxCookie).toMatch(/^auth-token-1-/);
    expect(slot?.memberState).toBe('booked');
  });

  it('never sends the session to another host that AimHarder redirects to', async () => {
    fake.cookieStyle = 'host-only';
    const seenByOthers: Array<string | undefined> = [];
    server.use(
      http.get(`${HOSTS.mainBaseUrl}/api/whoami`, () => new Response(null, { status: 302, headers: { location: 'https://evil.example/collect' } })),
      http.get('https://evil.example/collect', ({ request }) => {
        seenByOthers.push(request.headers.get('cookie') ?? undefined);
        return HttpResponse.json({ logout: 1 });
      }),
      http.get('https://aimharder.com.evil.example/collect', ({ request }) => {
        seenByOthers.push(request.headers.get('cookie') ?? undefined);
        return HttpResponse.json({ logout: 1 });
      }),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await client.login();
    await client.whoami().catch(() => undefined);
    server.use(http.get(`${HOSTS.mainBaseUrl}/api/whoami`, () => new Response(null, { status: 302, headers: { location: 'https://aimharder.com.evil.example/collect' } })));
    await client.whoami().catch(() => undefined);
    expect(seenByOthers).toHaveLength(2);
    expect(seenByOthers.filter((cookie) => cookie?.includes('amhrdrauth'))).toEqual([]);
  });

  it('keeps a cookie that arrives on a redirect hop', async () => {
    server.use(
      http.post(LOGIN_URL, () => new Response(null, { status: 302, headers: { location: '/api/login/done', 'set-cookie': 'amhrdrauth=hop-cookie; Domain=.aimharder.com; Path=/' } })),
      http.get(`${HOSTS.loginBaseUrl}/api/login/done`, () =>
        HttpResponse.json({ data: { userData: { id: 1, name: 'Ana', roles: [] }, auth: { authOK: 1 } } }),
      ),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await expect(client.login()).resolves.toMatchObject({ userId: '1', memberships: [] });
    expect(client.exportSession()).toContain('hop-cookie');
  });

  it('shares one login between concurrent callers', async () => {
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await Promise.all([client.login(), client.login(), client.login()]);
    expect(fake.count('login/api/login')).toBe(1);
  });

  it('needs credentials', async () => {
    await expect(createAimHarderClient({ hosts: HOSTS, logger: createCapturingLogger() }).login()).rejects.toBeInstanceOf(AimHarderLoginError);
  });
});

describe('login failures', () => {
  it('HTTP 200 without authOK, reason in info → wrong_credentials', async () => {
    const error = await loginFailure(() => HttpResponse.json({ info: 'El email o la contraseña no son correctos' }));
    expect(error.reason).toBe('wrong_credentials');
  });

  it('HTTP 200 with authOK false → wrong_credentials', async () => {
    const error = await loginFailure(() => HttpResponse.json({ data: { auth: { authOK: false } } }));
    expect(error.reason).toBe('wrong_credentials');
  });

  it('HTTP 401 with error.message LOGIN_ERROR_LOGIN → wrong_credentials', async () => {
    const error = await loginFailure(() => HttpResponse.json({ error: { code: 401, message: 'LOGIN_ERROR_LOGIN' } }, { status: 401 }));
    expect(error.reason).toBe('wrong_credentials');
  });

  it.each([
    ['HTTP 200 "demasiadas veces"', () => HttpResponse.json({ info: 'Has fallado la contraseña demasiadas veces. Espera unos minutos' })],
    ['HTTP 200 "Too many wrong attempts"', () => HttpResponse.json({ info: 'Too many wrong attempts' })],
    ['HTTP 401 LOGIN_ERROR_TOO_MANY_ATTEMPTS', () => HttpResponse.json({ error: { code: 401, message: 'LOGIN_ERROR_TOO_MANY_ATTEMPTS' } }, { status: 401 })],
    ['HTTP 429', () => HttpResponse.json({ error: { code: 429, message: 'LOGIN_ERROR_TOO_MANY_ATTEMPTS' } }, { status: 429 })],
  ])('%s → too_many_attempts', async (_label, response) => {
    expect((await loginFailure(response)).reason).toBe('too_many_attempts');
  });

  it('HTTP 200 blocked account → blocked; HTTP 403 (IP outside Spain) → blocked', async () => {
    expect((await loginFailure(() => HttpResponse.json({ info: 'Tu cuenta está bloqueada' }))).reason).toBe('blocked');
    expect((await loginFailure(() => HttpResponse.text('Forbidden', { status: 403 }))).reason).toBe('blocked');
  });

  it('5xx HTML, network failure and timeout → unreachable', async () => {
    expect((await loginFailure(() => HttpResponse.html('<html><body>502 Bad Gateway</body></html>', { status: 502 }))).reason).toBe('unreachable');
    expect((await loginFailure(() => HttpResponse.error())).reason).toBe('unreachable');
    const timedOut = await loginFailure(async () => {
      await delay(2_000);
      return HttpResponse.json({});
    });
    expect(timedOut.reason).toBe('unreachable');
    expect(timedOut.message).toContain('200 ms');
  });

  it('the old marketing page (HTML 200) and authOK without a cookie → unexpected_response', async () => {
    expect((await loginFailure(() => HttpResponse.html('<!DOCTYPE html><html><body>AimHarder</body></html>'))).reason).toBe('unexpected_response');
    const noCookie = await loginFailure(() => HttpResponse.json({ data: { userData: { id: 1, name: 'Ana', roles: [] }, auth: { authOK: true } } }));
    expect(noCookie.reason).toBe('unexpected_response');
    expect((await loginFailure(() => HttpResponse.json({ something: 'else' }))).reason).toBe('unexpected_response');
    expect((await loginFailure(() => HttpResponse.json({ error: { code: 400, message: 'LOGIN_ERROR_MALFORMED_BODY' } }, { status: 400 }))).reason).toBe(
      'unexpected_response',
    );
  });
});

describe('whoami and ensureSession', () => {
  it('whoami is null without a session and the identity with one', async () => {
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    expect(await client.whoami()).toBeNull();
    await client.login();
    expect(await client.whoami()).toEqual({ userId: '123456', name: 'Ana', memberships: [{ boxId: 10122, subdomain: 'mybox', name: 'My Box' }] });
  });

  it('whoami reads {"logout":1} as no session', async () => {
    server.use(http.get(`${HOSTS.mainBaseUrl}/api/whoami`, () => HttpResponse.json({ logout: 1 })));
    expect(await createAimHarderClient({ hosts: HOSTS, logger: createCapturingLogger() }).whoami()).toBeNull();
  });

  it('ensureSession keeps a live session and logs in again when it is gone', async () => {
    const onSessionChanged = vi.fn();
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, onSessionChanged, logger: createCapturingLogger() });
    await client.ensureSession();
    expect(fake.count('login/api/login')).toBe(1);
    await client.ensureSession();
    expect(fake.count('login/api/login')).toBe(1);
    fake.expireSessions();
    await client.ensureSession();
    expect(fake.count('login/api/login')).toBe(2);
    expect(onSessionChanged).toHaveBeenCalledTimes(2);
  });

  it('ensureSession without credentials reports the expired session', async () => {
    await expect(createAimHarderClient({ hosts: HOSTS, logger: createCapturingLogger() }).ensureSession()).rejects.toBeInstanceOf(AimHarderSessionExpiredError);
  });

  it('ensureSession passes on wrong credentials as a login error', async () => {
    const client = createAimHarderClient({ hosts: HOSTS, credentials: { email: EMAIL, password: 'wrong' }, logger: createCapturingLogger() });
    await expect(client.ensureSession()).rejects.toMatchObject({ name: 'AimHarderLoginError', reason: 'wrong_credentials' });
  });
});

describe('sessions', () => {
  it('a session exported by one client works in another without logging in', async () => {
    const first = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await first.login();
    const second = createAimHarderClient({ hosts: HOSTS, session: first.exportSession(), logger: createCapturingLogger() });
    await second.ensureSession();
    expect(await second.whoami()).toMatchObject({ userId: '123456' });
    expect(fake.count('login/api/login')).toBe(1);
  });

  it('an unreadable stored session is ignored (and logged), not fatal', async () => {
    const logger = createCapturingLogger();
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, session: 'not json', logger });
    await client.ensureSession();
    expect(fake.count('login/api/login')).toBe(1);
    expect(logger.entries.some((entry) => entry.level === 'warn' && /session/.test(entry.message))).toBe(true);
  });

  it('a re-login replaces the old auth cookie instead of sending both', async () => {
    let cookieHeader = '';
    server.use(
      http.get(`${BOX_URL}/api/bookings`, ({ request }) => {
        cookieHeader = request.headers.get('cookie') ?? '';
        return HttpResponse.json(bookingsEnvelope([]));
      }),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() });
    await client.login();
    await client.login();
    await client.listClasses(BOX, '2026-06-23');
    expect(cookieHeader.match(/amhrdrauth=/g)).toHaveLength(1);
    expect(cookieHeader).toContain('amhrdrauth=auth-token-2-');
  });
});
