/**
 * The signed-in pages a visitor may be sent back to after signing in. Anything else — another
 * origin, a path we do not serve, the sign-in page itself — goes to the schedule.
 */
const ALLOWED_SECTIONS = ['/schedule', '/my-classes', '/prebookings', '/goals', '/admin'] as const;

// Only used to resolve a relative value; never reaches a response.
const PLACEHOLDER_ORIGIN = 'https://prebooker.invalid';

/**
 * Where to go after signing in: a path on this site (no open redirect), else the schedule.
 * Browsers and `new URL` silently drop tabs, CR and LF and read `\` as `/`, so "/\t/evil.example"
 * would leave the site: any control character or backslash, raw or after one percent-decoding,
 * is refused, and the value must resolve to this origin under one of the allowed sections.
 */
export function safeNextPath(value: unknown, fallback = '/schedule'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return fallback;
  if (!value.startsWith('/') || hasHiddenOrSlashLike(value) || hasHiddenOrSlashLike(decodeOnce(value))) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (resolved.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const inSection = ALLOWED_SECTIONS.some((section) => resolved.pathname === section || resolved.pathname.startsWith(`${section}/`));
  if (!inSection) return fallback;
  // The normalised form, so what we redirect to is exactly what we checked.
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

function hasHiddenOrSlashLike(value: string): boolean {
  // C0 controls, DEL, C1 controls, and the backslash that URL parsers treat as a slash.
  return /[\u0000-\u001f\u007f-\u009f\\]/.test(value) || value.startsWith('//');
}

function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // Malformed percent-encoding: refused outright.
    return '\u0000';
  }
}
