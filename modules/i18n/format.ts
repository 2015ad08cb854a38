import { intlTag, type Locale } from './locale';

/**
 * Dates and times as members read them: always in the box's IANA zone (never the device's), with
 * the zone's abbreviation where an instant is shown. Calendar days ("2026-11-25") are zone-free.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, cached);
  }
  return cached;
}

const toDate = (instant: string | number | Date) => (instant instanceof Date ? instant : new Date(instant));

/** The calendar day ("YYYY-MM-DD") an instant falls on in a zone. */
export function dayInZone(instant: string | number | Date, timeZone: string): string {
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(toDate(instant));
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `count` consecutive calendar days starting at `first`. */
export function consecutiveDays(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(first, index));
}

const noonUtc = (day: string) => new Date(`${day}T12:00:00Z`);

/** "Wednesday 25 November" / "miércoles, 25 de noviembre". */
export function formatDayLong(day: string, locale: Locale): string {
  return formatter(intlTag(locale), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(noonUtc(day));
}

/** "Wed 25 Nov" / "mié, 25 nov". */
export function formatDayMedium(day: string, locale: Locale): string {
  return formatter(intlTag(locale), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(noonUtc(day));
}

/** The two lines of a day in the week strip: "Wed" and "25". */
export function formatDayParts(day: string, locale: Locale): { weekday: string; dayOfMonth: string } {
  const date = noonUtc(day);
  return {
    weekday: formatter(intlTag(locale), { timeZone: 'UTC', weekday: 'short' }).format(date).replace(/\.$/, ''),
    dayOfMonth: String(date.getUTCDate()),
  };
}

/** "19:00" in the zone. */
export function formatTime(instant: string | number | Date, timeZone: string, locale: Locale): string {
  return formatter(intlTag(locale), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(instant));
}

/** "19:00:00.012" in the zone: for admins judging millisecond precision. */
export function formatTimePrecise(instant: string | number | Date, timeZone: string, locale: Locale): string {
  return formatter(intlTag(locale), {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).format(toDate(instant));
}

/** The zone's abbreviation at that instant ("CET", "CEST", "WET"). */
export function zoneAbbreviation(instant: string | number | Date, timeZone: string, locale: Locale): string {
  const parts = formatter(intlTag(locale), { timeZone, timeZoneName: 'short' }).formatToParts(toDate(instant));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** "Wed 25 Nov, 19:00 CET". */
export function formatDateTime(instant: string | number | Date, timeZone: string, locale: Locale): string {
  const date = toDate(instant);
  const day = formatter(intlTag(locale), { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(date);
  return `${day}, ${formatTime(date, timeZone, locale)} ${zoneAbbreviation(date, timeZone, locale)}`;
}

/** "Wed 25 Nov, 19:00:00.012 CET". */
export function formatDateTimePrecise(instant: string | number | Date, timeZone: string, locale: Locale): string {
  const date = toDate(instant);
  const day = formatter(intlTag(locale), { timeZone, day: 'numeric', month: 'short' }).format(date);
  return `${day}, ${formatTimePrecise(date, timeZone, locale)} ${zoneAbbreviation(date, timeZone, locale)}`;
}

// Non-breaking spaces: a countdown never wraps in the middle of its value.
const NBSP = '\u00a0';

/**
 * A countdown, rounded to the nearest second (1.97 s left reads "00:02", not "00:03"): "39:01",
 * "7 h 39 min", "1 d 7 h". Units above an hour, because "1 d 07:39:01" ticks meaninglessly; the
 * larger units are whole ones (floor), never more than is left. Never negative.
 */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  if (days > 0) return hours > 0 ? `${days}${NBSP}d${NBSP}${hours}${NBSP}h` : `${days}${NBSP}d`;
  if (hours > 0) return `${hours}${NBSP}h${NBSP}${minutes}${NBSP}min`;
  return `${pad(minutes)}:${pad(seconds)}`;
}

/** A short duration: "0.8 ms", "12 ms", "1.25 s", "4 min 12 s" (decimal separator per language). */
export function formatDuration(ms: number, locale: Locale): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
  if (abs < 10) return `${sign}${number(abs, 1)} ms`;
  if (abs < 1000) return `${sign}${number(Math.round(abs), 0)} ms`;
  if (abs < 60_000) return `${sign}${number(abs / 1000, 2)} s`;
  const minutes = Math.floor(abs / 60_000);
  if (minutes < 120) return `${sign}${minutes} min ${Math.round((abs % 60_000) / 1000)} s`;
  return `${sign}${number(abs / 3_600_000, 1)} h`;
}

/**
 * A calendar day ("2026-12-07") as a date field shows it in the page's language ("07/12/2026").
 * Typed fields instead of `<input type="date">`: Chromium draws a date input in the browser's own
 * language and order (an English browser showed "12/07/2026" and "mm/dd/yyyy" on Spanish pages,
 * whatever the `lang` attribute said).
 */
export function formatDayInput(day: string | undefined, locale: Locale): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? '';
  return formatter(intlTag(locale), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(noonUtc(day));
}

/** The order of day, month and year in the language's numeric dates (day first in en-GB and es-ES). */
function dayFieldOrder(locale: Locale): Array<'day' | 'month' | 'year'> {
  return formatter(intlTag(locale), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' })
    .formatToParts(noonUtc('2026-12-07'))
    .map((part) => part.type)
    .filter((type): type is 'day' | 'month' | 'year' => type === 'day' || type === 'month' || type === 'year');
}

/**
 * A typed date back to a calendar day: "7/12/2026", "07-12-2026" or "07.12.2026" in the
 * language's order, or an ISO day ("2026-12-07", as links and bookmarks carry). Null when it is
 * no real date ("31/02/2026").
 */
export function parseDayInput(text: string, locale: Locale): string | null {
  const value = text.trim();
  let parts: { day: number; month: number; year: number };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) {
    parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const numbers = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(value);
    if (!numbers) return null;
    const order = dayFieldOrder(locale);
    const byType = Object.fromEntries(order.map((type, index) => [type, Number(numbers[index + 1])])) as Record<'day' | 'month' | 'year', number>;
    parts = byType;
    if (String(numbers[order.indexOf('year') + 1]).length !== 4) return null;
  }
  const { year, month, day } = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
