/**
 * Where AimHarder lives. Box APIs are served from a per-box host, so the box URL is a template:
 * production uses subdomains, the local simulator a path prefix (no DNS tricks needed).
 */
export interface AimHarderHosts {
  loginBaseUrl: string;
  mainBaseUrl: string;
  /** Contains `{box}`, replaced by the box subdomain. */
  boxBaseUrlTemplate: string;
}

export const PRODUCTION_AIMHARDER_HOSTS: AimHarderHosts = {
  loginBaseUrl: 'https://login.aimharder.com',
  mainBaseUrl: 'https://aimharder.com',
  boxBaseUrlTemplate: 'https://{box}.aimharder.com',
};

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export function boxBaseUrl(hosts: AimHarderHosts, subdomain: string): string {
  // The subdomain comes from AimHarder's `centre_url` via our database; refuse anything that
  // could turn the template into a different host or path.
  if (!SUBDOMAIN.test(subdomain)) throw new RangeError(`Not a box subdomain: "${subdomain}"`);
  if (!hosts.boxBaseUrlTemplate.includes('{box}')) throw new RangeError('boxBaseUrlTemplate must contain "{box}"');
  return trimBaseUrl(hosts.boxBaseUrlTemplate.replaceAll('{box}', subdomain.toLowerCase()));
}
