/**
 * The duration formats of the QStash wire protocol. Each parser returns milliseconds, or
 * `undefined` when the text does not match, so callers can name the offending header.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const ONE_DAY_MS = 86_400_000;

function sumParts(text: string, whole: RegExp, part: RegExp): number | undefined {
  if (!whole.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(part)) {
    const value = Number(match[1]);
    const unit = UNIT_MS[match[2] ?? ''];
    if (!Number.isFinite(value) || unit === undefined) return undefined;
    total += value * unit;
  }
  return Number.isFinite(total) ? total : undefined;
}

/**
 * `Upstash-Delay`: whole numbers of d/h/m/s, optionally compound (`10s`, `1h`, `1d10h30m`).
 * The SDK never sends sub-second delays, so fractions are malformed.
 */
export function parseDelay(text: string): number | undefined {
  return sumParts(text.trim(), /^(\d+[dhms])+$/, /(\d+)([dhms])/g);
}

/**
 * `Upstash-Timeout`: `<value><unit>` with s/m/h (and d, which the docs' examples use), possibly
 * fractional because the SDK sends `${n}s` without rounding (`1.5s`).
 */
export function parseTimeout(text: string): number | undefined {
  return sumParts(text.trim(), /^(\d+(?:\.\d+)?[dhms])+$/, /(\d+(?:\.\d+)?)([dhms])/g);
}

/** A Go `time.Duration` string (`6m5s`, `1.5s`, `300ms`), as destinations send in `Retry-After`. */
export function parseGoDuration(text: string): number | undefined {
  return sumParts(
    text.trim(),
    /^((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/,
    /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g,
  );
}

/**
 * The wait a destination asks for in `Retry-After` / `X-RateLimit-Reset*`: seconds, an HTTP
 * date, or a Go duration; capped at one day as QStash does. A bare number above 1e9 can only be
 * a unix timestamp (rate-limit headers often carry one), so it is read as such.
 */
export function parseRetryAfter(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  let waitMs: number | undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const value = Number(trimmed);
    waitMs = value > 1e9 ? value * 1_000 - nowMs : value * 1_000;
  } else if (/[a-z]{3},/i.test(trimmed)) {
    const at = Date.parse(trimmed);
    waitMs = Number.isNaN(at) ? undefined : at - nowMs;
  } else {
    waitMs = parseGoDuration(trimmed);
  }
  if (waitMs === undefined) return undefined;
  return Math.min(Math.max(0, waitMs), ONE_DAY_MS);
}

/** QStash's default backoff: `min(86400, e^(2.5·n))` seconds, n = retries done including this one. */
export function defaultBackoffMs(retriesDone: number): number {
  return Math.min(86_400, Math.exp(2.5 * retriesDone)) * 1_000;
}
