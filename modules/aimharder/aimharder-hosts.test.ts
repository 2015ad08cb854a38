import { describe, expect, it } from 'vitest';
import { boxBaseUrl, isAimHarderUrl, PRODUCTION_AIMHARDER_HOSTS } from './aimharder-hosts';

describe('boxBaseUrl', () => {
  it('fills the production subdomain and the simulator path template', () => {
    expect(boxBaseUrl(PRODUCTION_AIMHARDER_HOSTS, 'lahuellacrossfit')).toBe('https://lahuellacrossfit.aimharder.com');
    expect(boxBaseUrl({ ...PRODUCTION_AIMHARDER_HOSTS, boxBaseUrlTemplate: 'http://127.0.0.1:4100/box/{box}/' }, 'mybox')).toBe('http://127.0.0.1:4100/box/mybox');
  });

  it('refuses a subdomain that would change the host or path', () => {
    expect(() => boxBaseUrl(PRODUCTION_AIMHARDER_HOSTS, 'evil.com/x')).toThrow(RangeError);
    expect(() => boxBaseUrl(PRODUCTION_AIMHARDER_HOSTS, '')).toThrow(RangeError);
  });
});

describe('isAimHarderUrl', () => {
  const local = { loginBaseUrl: 'http://127.0.0.1:8090/login-host', mainBaseUrl: 'http://127.0.0.1:8090/main', boxBaseUrlTemplate: 'http://127.0.0.1:8090/box/{box}' };
  it('accepts the configured hosts and box subdomains only', () => {
    expect(isAimHarderUrl(PRODUCTION_AIMHARDER_HOSTS, 'https://login.aimharder.com/api/login')).toBe(true);
    expect(isAimHarderUrl(PRODUCTION_AIMHARDER_HOSTS, 'https://aimharder.com/api/whoami')).toBe(true);
    expect(isAimHarderUrl(PRODUCTION_AIMHARDER_HOSTS, 'https://MyBox.aimharder.com/api/book')).toBe(true);
    expect(isAimHarderUrl(local, 'http://127.0.0.1:8090/box/demobox/api/book')).toBe(true);
  });
  it('refuses every other host, scheme or port', () => {
    for (const url of [
      'https://evil.example/',
      'https://aimharder.com.evil.example/',
      'https://evil.example/.aimharder.com',
      'https://a.b.aimharder.com/',
      'http://aimharder.com/',
      'https://aimharder.com:8443/',
      'http://127.0.0.1:9999/box/demobox',
      'not a url',
    ]) {
      expect(isAimHarderUrl(url.startsWith('http://127') ? local : PRODUCTION_AIMHARDER_HOSTS, url), url).toBe(false);
    }
  });
});
