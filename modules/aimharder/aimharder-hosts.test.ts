import { describe, expect, it } from 'vitest';
import { boxBaseUrl, PRODUCTION_AIMHARDER_HOSTS } from './aimharder-hosts';

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
