import { describe, expect, it } from 'vitest';
import { AimHarderCookieJar } from './aimharder-cookie-jar';

describe('AimHarderCookieJar', () => {
  it('sends a parent-domain auth cookie to every subdomain', () => {
    const jar = AimHarderCookieJar.empty();
    jar.storeSetCookies('https://login.aimharder.com/api/login', ['amhrdrauth=abc; Domain=.aimharder.com; Path=/; HttpOnly']);
    expect(jar.cookieHeader('https://mybox.aimharder.com/api/book')).toBe('amhrdrauth=abc');
    expect(jar.cookieHeader('https://aimharder.com/api/whoami')).toBe('amhrdrauth=abc');
  });

  it('re-scopes a host-only auth cookie to the host being called', () => {
    const jar = AimHarderCookieJar.empty();
    jar.storeSetCookies('https://login.aimharder.com/api/login', ['amhrdrauth=abc; Path=/api; HttpOnly', 'AWSALB=lb; Path=/']);
    expect(jar.cookieHeader('https://mybox.aimharder.com/api/book')).toBe('');
    jar.scopeAuthTo('https://mybox.aimharder.com/api/book');
    expect(jar.cookieHeader('https://mybox.aimharder.com/api/book')).toBe('amhrdrauth=abc');
    // Only the auth cookie travels; the load balancer's stays with its host.
    expect(jar.cookieHeader('https://mybox.aimharder.com/api/book')).not.toContain('AWSALB');
  });

  it('clears every auth cookie (and copies) before a new login, keeping the rest', () => {
    const jar = AimHarderCookieJar.empty();
    jar.storeSetCookies('https://login.aimharder.com/api/login', ['amhrdrauth=old; Path=/', 'AWSALB=lb; Path=/']);
    jar.scopeAuthTo('https://mybox.aimharder.com/');
    jar.clearAuth();
    expect(jar.hasAnyAuth()).toBe(false);
    expect(jar.cookieHeader('https://login.aimharder.com/')).toBe('AWSALB=lb');
  });

  it('survives a serialize/restore round trip and refuses foreign strings', () => {
    const jar = AimHarderCookieJar.empty();
    jar.storeSetCookies('http://127.0.0.1:4100/login-host/api/login', ['amhrdrauth=abc; Path=/; HttpOnly']);
    const restored = AimHarderCookieJar.restore(jar.serialize());
    expect(restored.cookieHeader('http://127.0.0.1:4100/box/mybox/api/book')).toBe('amhrdrauth=abc');
    expect(() => AimHarderCookieJar.restore('{"cookies":[]}')).toThrow();
    expect(() => AimHarderCookieJar.restore('nope')).toThrow();
  });
});
