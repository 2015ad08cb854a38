import { Cookie, CookieJar, type SerializedCookieJar } from 'tough-cookie';

export const AUTH_COOKIE = 'amhrdrauth';
const SESSION_FORMAT_VERSION = 1;

/**
 * The member's AimHarder cookies. In production login.aimharder.com sets `amhrdrauth` with
 * `Domain=.aimharder.com`, which the jar already sends to every box subdomain. Some answers set
 * it host-only (the simulator on 127.0.0.1, an unidentified repo's tests, kiru22 saw Python drop
 * the parent-domain form): then the cookie is re-scoped — copied, host-only with `Path=/`, to the
 * host about to be called — so the box still receives it (reference §2.3 "cookie-jar gotcha").
 */
export class AimHarderCookieJar {
  private jar: CookieJar;

  private constructor(jar: CookieJar) {
    this.jar = jar;
  }

  static empty(): AimHarderCookieJar {
    return new AimHarderCookieJar(new CookieJar());
  }

  /** Throws on anything `serialize()` did not produce; the client then starts without a session. */
  static restore(serialized: string): AimHarderCookieJar {
    const parsed = JSON.parse(serialized) as { v?: unknown; cookies?: unknown };
    if (parsed?.v !== SESSION_FORMAT_VERSION || !parsed.cookies || typeof parsed.cookies !== 'object') {
      throw new Error('not a serialized AimHarder session');
    }
    return new AimHarderCookieJar(CookieJar.deserializeSync(parsed.cookies as SerializedCookieJar));
  }

  serialize(): string {
    return JSON.stringify({ v: SESSION_FORMAT_VERSION, cookies: this.jar.serializeSync() });
  }

  cookieHeader(url: string): string {
    return this.jar.getCookieStringSync(url);
  }

  /** Stores a response's cookies; a cookie the jar refuses (wrong domain) is dropped, as a browser would. */
  storeSetCookies(url: string, setCookies: readonly string[]): void {
    for (const header of setCookies) this.jar.setCookieSync(header, url, { ignoreError: true });
  }

  /** Current values of the auth cookie anywhere in the jar (for log redaction). */
  authValues(): string[] {
    return this.allCookies()
      .filter((cookie) => cookie.key === AUTH_COOKIE && cookie.value)
      .map((cookie) => cookie.value);
  }

  hasAuthFor(url: string): boolean {
    return this.jar.getCookiesSync(url).some((cookie) => cookie.key === AUTH_COOKIE && cookie.value !== '');
  }

  hasAnyAuth(): boolean {
    return this.authValues().length > 0;
  }

  /** Before a login: an old `amhrdrauth` (or a re-scoped copy) must not shadow the new one. */
  clearAuth(): void {
    const serialized = this.jar.serializeSync();
    if (!serialized) return;
    const kept = { ...serialized, cookies: serialized.cookies.filter((cookie) => cookie.key !== AUTH_COOKIE) };
    this.jar = CookieJar.deserializeSync(kept);
  }

  /** Makes sure `url` receives the newest auth cookie, copying it host-only if its scope misses `url`. */
  scopeAuthTo(url: string): void {
    if (this.hasAuthFor(url)) return;
    const newest = this.allCookies()
      .filter((cookie) => cookie.key === AUTH_COOKIE && cookie.value !== '' && !isExpired(cookie))
      .sort((a, b) => creationTime(b) - creationTime(a))[0];
    if (!newest) return;
    const copy = new Cookie({ key: AUTH_COOKIE, value: newest.value, path: '/', httpOnly: true, expires: newest.expires, maxAge: newest.maxAge });
    this.jar.setCookieSync(copy, url, { ignoreError: true });
  }

  private allCookies(): Cookie[] {
    const serialized = this.jar.serializeSync();
    if (!serialized) return [];
    return serialized.cookies.map((data) => Cookie.fromJSON(data)).filter((cookie): cookie is Cookie => cookie !== undefined);
  }
}

function isExpired(cookie: Cookie): boolean {
  const ttl = cookie.TTL();
  return ttl <= 0;
}

function creationTime(cookie: Cookie): number {
  return cookie.creation instanceof Date ? cookie.creation.getTime() : 0;
}
