/** Where to go after signing in: only a path on this site (no open redirect), else the schedule. */
export function safeNextPath(value: unknown, fallback = '/schedule'): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.includes('\n')) return fallback;
  if (value === '/' || value.startsWith('/sign-in')) return fallback;
  return value;
}
