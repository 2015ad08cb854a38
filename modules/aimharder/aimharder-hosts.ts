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

/**
 * Whether `url` is served by AimHarder as configured: the login or main host, or a box host the
 * template can produce (scheme and port included). The member's auth cookie is re-scoped only to
 * these, so a redirect to any other host never receives their session.
 */
export function isAimHarderUrl(hosts: AimHarderHosts, url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const origin = `${target.protocol}//${target.host}`.toLowerCase();
  for (const base of [hosts.loginBaseUrl, hosts.mainBaseUrl]) {
    try {
      if (new URL(base).origin.toLowerCase() === origin) return true;
    } catch {
      // A malformed configured URL matches nothing.
    }
  }
  // The template's origin with `{box}` as one subdomain label (production) or absent (the simulator's path prefix).
  const templateOrigin = /^(https?:\/\/[^/]+)/i.exec(hosts.boxBaseUrlTemplate)?.[1]?.toLowerCase();
  if (!templateOrigin) return false;
  const [before, after] = templateOrigin.split('{box}');
  if (after === undefined) return templateOrigin === origin;
  return origin.startsWith(before!) && origin.endsWith(after) && SUBDOMAIN.test(origin.slice(before!.length, origin.length - after.length));
}
