/**
 * Reads an HTTP `Date` header (RFC 9110 IMF-fixdate, e.g. "Sun, 06 Dec 2026 23:59:55 GMT").
 * Anything else — missing, obsolete formats, a sub-second value, a date outside 2000–2100 — is
 * `null`: a header a proxy rewrote or invented must never feed the clock estimate.
 */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const YEAR_2000_MS = Date.UTC(2000, 0, 1);
const YEAR_2100_MS = Date.UTC(2100, 0, 1);

export function parseDateHeader(value: string | null | undefined): number | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!IMF_FIXDATE.test(trimmed)) return null;
  const epochMs = Date.parse(trimmed);
  if (!Number.isFinite(epochMs) || epochMs < YEAR_2000_MS || epochMs >= YEAR_2100_MS) return null;
  // Date.parse accepts "31 Feb" and rolls it over: the round trip catches a day that does not exist.
  if (new Date(epochMs).toUTCString() !== trimmed) return null;
  return epochMs;
}
