import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAimHarderClient } from './aimharder-client';
import { deriveFingerprint } from './aimharder-fingerprint';
import { redactPayload } from './aimharder-redact';
import { BOX, BOX_URL, CREDENTIALS, EMAIL, HOSTS, PASSWORD, createCapturingLogger, createFakeAimHarder } from './test-support/aimharder-msw';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('redactPayload', () => {
  it('removes secret-looking keys, known secrets and cookie/token patterns, and caps the length', () => {
    const body = JSON.stringify({ info: `bad ${PASSWORD}`, refreshToken: '1|1766000000|0123456789abcdef0123', nested: { password: 'x', amhrdrauth: 'y' }, ok: 1 });
    const redacted = redactPayload(body, [PASSWORD]);
    expect(redacted).not.toContain(PASSWORD);
    expect(redacted).not.toContain('0123456789abcdef0123');
    expect(JSON.parse(redacted)).toEqual({ info: 'bad [redacted]', refreshToken: '[redacted]', nested: { password: '[redacted]', amhrdrauth: '[redacted]' }, ok: 1 });
    expect(redactPayload('<html>Set-Cookie: amhrdrauth=abc123; path=/ ?token=zzz&x=1</html>')).toBe('<html>Set-Cookie: amhrdrauth=[redacted]; path=/ ?token=[redacted]&x=1</html>');
    expect(redactPayload('x'.repeat(5_000)).length).toBeLessThan(2_100);
  });
});

describe('client logs', () => {
  it('never contain the password, the auth cookie, the refresh token or the fingerprint', async () => {
    const fake = createFakeAimHarder();
    const logger = createCapturingLogger();
    server.use(
      ...fake.handlers,
      // An answer we cannot read that echoes every secret back.
      http.get(`${BOX_URL}/api/bookings`, ({ request }) =>
        HttpResponse.json({
          echo: `${request.headers.get('cookie')} ${PASSWORD} ${deriveFingerprint(EMAIL)} 123456|1766000000|0123456789abcdef0123456789abcdef`,
        }),
      ),
      http.post(`${BOX_URL}/api/book`, () => HttpResponse.html(`<html><body>Error for ${EMAIL}: pw=${PASSWORD}</body></html>`)),
    );
    const client = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger });
    await client.login();
    await client.listClasses(BOX, '2026-06-23').catch(() => undefined);
    await client.book(BOX, '2026-06-23', '1');

    const logged = logger.text();
    expect(logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(2);
    expect(logged).toContain('echo');
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toMatch(/auth-token-\d/);
    expect(logged).not.toContain('0123456789abcdef0123456789abcdef');
    expect(logged).not.toContain(deriveFingerprint(EMAIL));
  });

  it('a login error message carries no password', async () => {
    server.use(http.post(`${HOSTS.loginBaseUrl}/api/login`, () => HttpResponse.json({ info: `La contraseña ${PASSWORD} no es correcta` })));
    const error = await createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger: createCapturingLogger() })
      .login()
      .then(() => null)
      .catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ reason: 'wrong_credentials' });
    expect(error?.message).not.toContain(PASSWORD);
  });
});
