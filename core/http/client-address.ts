/**
 * The caller's address for throttling, read the way the platform defines it, never from a header
 * the caller controls:
 * - On Vercel (`VERCEL=1`), `x-vercel-forwarded-for`, which Vercel's edge sets and overwrites (a
 *   caller's own `X-Forwarded-For` entries would come first there, so the first entry is theirs).
 * - Elsewhere, the last `X-Forwarded-For` entry: the one the nearest hop appended — the reverse
 *   proxy in front, or, with none, `next start` itself from the socket. Only when a caller reaches
 *   `next start` directly with a forged header does it pick its own bucket; the per-email limit
 *   holds regardless.
 */
export function clientAddress(request: Request, env: Record<string, string | undefined> = process.env): string {
  const headers = request.headers;
  if (env.VERCEL === '1') {
    return firstEntry(headers.get('x-vercel-forwarded-for')) ?? headers.get('x-real-ip')?.trim() ?? 'unknown';
  }
  return lastEntry(headers.get('x-forwarded-for')) ?? 'local';
}

function firstEntry(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}

function lastEntry(value: string | null): string | undefined {
  return value?.split(',').at(-1)?.trim() || undefined;
}
