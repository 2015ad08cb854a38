import { AppError } from './app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for the JSON routes, the counterpart of what Next already does
 * for server actions: a state-changing request must come from this origin (`Origin` equal to the
 * host it was sent to, or to APP_BASE_URL) or carry no `Origin` at all (scripts, curl — they hold
 * no victim's cookie). SameSite=Lax alone lets a sibling subdomain, which is same-site, post with
 * the member's cookie. Returns the error to answer with, or null to let the request through.
 */
export function crossOriginRefusal(request: Request, appBaseUrl?: string): AppError | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get('origin');
  if (origin === null) return null;
  let originHost: string;
  try {
    const parsed = new URL(origin);
    originHost = `${parsed.protocol}//${parsed.host}`.toLowerCase();
  } catch {
    // Includes the opaque "null" origin of sandboxed frames and data: URLs.
    return refusal();
  }
  const forwardedHost = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const hosts = [forwardedHost, request.headers.get('host'), new URL(request.url).host].filter((host): host is string => Boolean(host)).map((host) => host.toLowerCase());
  const originHostOnly = originHost.replace(/^[a-z]+:\/\//, '');
  if (hosts.includes(originHostOnly)) return null;
  if (appBaseUrl && new URL(appBaseUrl).origin.toLowerCase() === originHost) return null;
  return refusal();
}

function refusal(): AppError {
  return new AppError({ code: 'forbidden', reason: 'cross_origin', message: 'This request came from another site and was refused.' });
}

/**
 * A body is read as JSON only when it says it is JSON: a `text/plain` body is what an HTML form
 * on another site can send without a CORS preflight.
 */
export function assertJsonContentType(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json'))) return;
  throw new AppError({ code: 'unsupported_media_type', message: 'Send the request body as JSON (Content-Type: application/json).' });
}
