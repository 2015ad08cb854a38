import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@/core/time/clock';
import { DEMO, DEMO_USER_IDS, startAimHarderSimulator, type RunningSimulator } from './index';
import { SimTestClient } from './sim-test-client';
import { parentCookieDomain } from './aimharder-routes';

const MONDAY_10_MADRID = Date.parse('2026-06-15T08:00:00Z');

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: Parameters<typeof startAimHarderSimulator>[0] = {}) {
  sim = await startAimHarderSimulator({ port: 0, ...options });
  return sim;
}

describe('JSON login', () => {
  it('logs in on the login host and on the main host, setting an HttpOnly amhrdrauth cookie on the parent domain', async () => {
    const running = await start();
    for (const host of ['login', 'main'] as const) {
      const client = new SimTestClient(running);
      const response = await client.request(`${host === 'login' ? running.hosts.loginBaseUrl : running.hosts.mainBaseUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: DEMO.member.email, password: DEMO.member.password, fingerprint: 'a'.repeat(50), iniframe: 0 }),
      });
      expect(response.status).toBe(200);
      const authCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('amhrdrauth='));
      expect(authCookie).toMatch(/^amhrdrauth=[0-9a-f]{48}; Domain=127\.0\.0\.1; Path=\/; HttpOnly$/);
      const body = (await response.json()) as { data: { userData: { id: number; name: string; roles: unknown[] }; auth: { authOK: boolean; refreshToken: string } } };
      expect(body.data.auth.authOK).toBe(true);
      expect(body.data.auth.refreshToken).toMatch(new RegExp(`^${DEMO_USER_IDS.member}\\|\\d{10}\\|[0-9a-f]{32}$`));
      expect(body.data.userData).toEqual({
        id: DEMO_USER_IDS.member,
        name: DEMO.member.name,
        roles: [
          { role: 'client', boid: 10122, gym: 'Prebooker Demo Box', centre_url: 'demobox.aimharder.com' },
          { role: 'client', boid: 10245, gym: 'Prebooker Norte CrossFit', centre_url: 'nortebox.aimharder.com' },
        ],
      });
    }
  });

  it('rejects a form-encoded body like the real endpoint', async () => {
    const running = await start();
    const response = await fetch(`${running.hosts.loginBaseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: DEMO.member.email, password: DEMO.member.password, fingerprint: 'x' }).toString(),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 400, message: 'LOGIN_ERROR_MALFORMED_BODY' } });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('treats missing fields and non-object JSON as malformed', async () => {
    const running = await start();
    const client = new SimTestClient(running);
    for (const body of ['[]', 'null', '"x"', JSON.stringify({ username: DEMO.member.email }), JSON.stringify({ username: 1, password: 2, fingerprint: 3 })]) {
      const { status, body: answer } = await client.json(`${running.hosts.loginBaseUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(status).toBe(400);
      expect(answer).toEqual({ error: { code: 400, message: 'LOGIN_ERROR_MALFORMED_BODY' } });
    }
  });

  it('answers a wrong password with HTTP 200 + info by default, without authOK or cookie', async () => {
    const running = await start();
    const client = new SimTestClient(running);
    const { status, body } = await client.login(DEMO.member.email, 'wrong');
    expect(status).toBe(200);
    expect(body).toEqual({ info: expect.stringContaining('contraseña') });
    expect(client.cookies.has('amhrdrauth')).toBe(false);
  });

  it('answers 401 LOGIN_ERROR_LOGIN for a member (or a setting) that selects that style', async () => {
    const running = await start();
    running.createMember({ email: 'strict@prebooker.local', password: 'pw', loginFailureStyle: 'http401' });
    const client = new SimTestClient(running);
    expect(await client.login('strict@prebooker.local', 'nope')).toEqual({ status: 401, body: { error: { code: 401, message: 'LOGIN_ERROR_LOGIN' } } });
    expect((await client.login(DEMO.member.email, 'nope')).status).toBe(200);
    running.configure({ loginFailureStyle: 'http401' });
    expect((await client.login(DEMO.member.email, 'nope')).status).toBe(401);
    expect((await client.login('nobody@prebooker.local', 'nope')).status).toBe(401);
  });

  it('locks an email out after repeated wrong passwords, even for the right one, until the lockout passes', async () => {
    const clock = createManualClock(MONDAY_10_MADRID);
    const running = await start({ clock });
    const client = new SimTestClient(running);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await client.login(DEMO.member.email, 'wrong')).body).toEqual({ info: expect.stringContaining('no son correctos') });
    }
    const locked = await client.login(DEMO.member.email, DEMO.member.password);
    expect(locked.body).toEqual({ info: expect.stringContaining('demasiadas veces') });
    expect(client.cookies.has('amhrdrauth')).toBe(false);
    // Another account is not affected.
    expect((await new SimTestClient(running).login(DEMO.admin.email, DEMO.admin.password)).body).toHaveProperty('data.auth.authOK', true);
    clock.advance(15 * 60_000);
    expect((await client.login(DEMO.member.email, DEMO.member.password)).body).toHaveProperty('data.auth.authOK', true);
  });

  it('uses 429 LOGIN_ERROR_TOO_MANY_ATTEMPTS for the 401 style', async () => {
    const running = await start({ settings: { loginFailureStyle: 'http401', loginMaxFailures: 2 } });
    const client = new SimTestClient(running);
    await client.login(DEMO.member.email, 'wrong');
    await client.login(DEMO.member.email, 'wrong');
    expect(await client.login(DEMO.member.email, 'wrong')).toEqual({ status: 429, body: { error: { code: 429, message: 'LOGIN_ERROR_TOO_MANY_ATTEMPTS' } } });
  });
});

describe('session', () => {
  it('whoami returns the account with a session and {"data":[]} without one', async () => {
    const running = await start();
    const client = new SimTestClient(running);
    expect(await client.whoami()).toEqual({ status: 200, body: { data: [] } });
    await client.login(DEMO.secondMember.email, DEMO.secondMember.password);
    const { body } = await client.whoami();
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({ id: DEMO_USER_IDS.secondMember, name: DEMO.secondMember.name });
    expect(body.data[0]?.roles.map((role) => role.centre_url)).toEqual(['demobox.aimharder.com', 'surbox.aimharder.com']);
  });

  it('expires after the configured lifetime: box APIs answer {"logout":1} with HTTP 200, whoami goes empty', async () => {
    const clock = createManualClock(MONDAY_10_MADRID);
    const running = await start({ clock, sessionLifetimeMs: 60_000 });
    const client = new SimTestClient(running);
    await client.login(DEMO.member.email, DEMO.member.password);
    clock.advance(59_999);
    expect((await client.whoami()).body.data).toHaveLength(1);
    clock.advance(1);
    expect((await client.whoami()).body).toEqual({ data: [] });
    expect(await client.book('demobox', '1', '20260619')).toEqual({ status: 200, body: { logout: 1 } });
    expect(await client.cancel('demobox', '1')).toEqual({ status: 200, body: { logout: 1 } });
    expect(await client.nextBookings('demobox', 10122)).toEqual({ status: 200, body: { logout: 1 } });
    // A fresh login works again.
    await client.login(DEMO.member.email, DEMO.member.password);
    expect((await client.whoami()).body.data).toHaveLength(1);
  });

  it('tokenUpdate trades the refresh token for a new one and a fresh lifetime; a stale token means logout', async () => {
    const clock = createManualClock(MONDAY_10_MADRID);
    const running = await start({ clock, sessionLifetimeMs: 60_000 });
    const client = new SimTestClient(running);
    const login = await client.login(DEMO.member.email, DEMO.member.password);
    const refreshToken = (login.body as { data: { auth: { refreshToken: string } } }).data.auth.refreshToken;
    clock.advance(50_000);
    const refreshed = await client.form(`${running.hosts.mainBaseUrl}/api/tokenUpdate`, { token: refreshToken, ciclo: '1', fingerprint: 'f'.repeat(50) });
    expect(refreshed.body).toEqual({ newToken: expect.stringMatching(/^310001\|\d{10}\|[0-9a-f]{32}$/) });
    clock.advance(50_000);
    expect((await client.whoami()).body.data).toHaveLength(1);
    expect((await client.form(`${running.hosts.mainBaseUrl}/api/tokenUpdate`, { token: refreshToken, ciclo: '1' })).body).toEqual({ logout: 1 });
  });

  it('setrefresh serves the localStorage page', async () => {
    const running = await start();
    const response = await fetch(`${running.hosts.mainBaseUrl}/setrefresh?token=1%7C2%7Cabc&fingerprint=fp&redirect=https://demobox.aimharder.com/`);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('localStorage.setItem("refreshToken", "1|2|abc")');
    expect(html).toContain('window.location.href = "https://demobox.aimharder.com/"');
  });

  it('logout expires every session of the account', async () => {
    const running = await start();
    const phone = new SimTestClient(running);
    const laptop = new SimTestClient(running);
    await phone.login(DEMO.member.email, DEMO.member.password);
    await laptop.login(DEMO.member.email, DEMO.member.password);
    const response = await laptop.request(`${running.hosts.mainBaseUrl}/logout`);
    expect(response.status).toBe(302);
    expect((await phone.whoami()).body).toEqual({ data: [] });
  });

  it('the control API can expire one member\'s sessions', async () => {
    const running = await start();
    const demo = new SimTestClient(running);
    const admin = new SimTestClient(running);
    await demo.login(DEMO.member.email, DEMO.member.password);
    await admin.login(DEMO.admin.email, DEMO.admin.password);
    const response = await fetch(`${running.url}/__sim/sessions?userId=${DEMO_USER_IDS.member}`, { method: 'DELETE' });
    expect(await response.json()).toEqual({ expired: 1 });
    expect((await demo.whoami()).body).toEqual({ data: [] });
    expect((await admin.whoami()).body.data).toHaveLength(1);
  });
});

describe('the session cookie’s domain', () => {
  it('is the parent domain of the login host, as the real login sets it (reference §2.3)', () => {
    expect(parentCookieDomain('https://login.aimharder.com')).toBe('.aimharder.com');
    expect(parentCookieDomain('https://aimharder.com')).toBe('.aimharder.com');
    expect(parentCookieDomain('https://login.aimharder.es')).toBe('.aimharder.es');
    expect(parentCookieDomain('http://127.0.0.1:8090')).toBe('127.0.0.1');
    expect(parentCookieDomain('http://localhost:8090')).toBe('localhost');
  });
});
