/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. A class day is a box-local date, so it is
 * handled as a plain date (UTC midnight internally), never as an instant: DST cannot shift it.
 */
const DAY_MS = 86_400_000;

function toUtcMs(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, date);
}

const fromUtcMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return fromUtcMs(toUtcMs(day) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const weekday = new Date(toUtcMs(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The date it is in `timeZone` at `epochMs`. */
export function localDay(epochMs: number, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(epochMs));
}
