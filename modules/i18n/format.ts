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
