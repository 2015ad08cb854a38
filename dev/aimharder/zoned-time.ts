/**
 * Box-local calendar arithmetic. AimHarder days are `YYYYMMDD` keys in the box's IANA zone and
 * booking windows are wall-clock rules ("same local time, 4 days earlier"), so every conversion
 * goes through the zone — never through fixed offsets, which would be an hour off across DST.
 *
 * Deliberately independent of modules/aimharder's conversion: the simulator stands in for
 * AimHarder's server, and the tests compare the client's opening instants with these, so a bug
 * shared by both would hide itself.
 */

export interface WallTime {
  day: string; // YYYYMMDD
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

export interface ZonedParts {
  day: string;
  year: number;
  month: number;
  dayOfMonth: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const DAY_KEY_PATTERN = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH_DAY_2020 = Date.UTC(2020, 0, 1) / 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

export function isValidDayKey(day: string): boolean {
  const match = DAY_KEY_PATTERN.exec(day);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function dayKeyToUtcMidnight(day: string): number {
  const match = DAY_KEY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a YYYYMMDD day: ${day}`);
  const [, y, m, d] = match;
  return Date.UTC(Number(y), Number(m) - 1, Number(d));
}

function utcMidnightToDayKey(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  return utcMidnightToDayKey(dayKeyToUtcMidnight(day) + days * 86_400_000);
}

/** Whole days from 2020-01-01; part of the deterministic class ids. */
export function dayIndex(day: string): number {
  return Math.round(dayKeyToUtcMidnight(day) / 86_400_000 - EPOCH_DAY_2020);
}

export function dayFromIndex(index: number): string {
  return utcMidnightToDayKey((index + EPOCH_DAY_2020) * 86_400_000);
}

export function weekdayOf(day: string): number {
  return new Date(dayKeyToUtcMidnight(day)).getUTCDay();
}

export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const year = values.year ?? 1970;
  const month = values.month ?? 1;
  const dayOfMonth = values.day ?? 1;
  const day = `${year}${String(month).padStart(2, '0')}${String(dayOfMonth).padStart(2, '0')}`;
  return {
    day,
    year,
    month,
    dayOfMonth,
    hour: values.hour ?? 0,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    weekday: weekdayOf(day),
  };
}

function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const parts = zonedParts(epochMs, timeZone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.dayOfMonth, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant a box-local wall time happens. Two passes settle the offset on DST-change days;
 * a wall time inside a spring-forward gap resolves to the instant one offset later.
 */
export function zonedWallTimeToEpoch(wall: WallTime, timeZone: string): number {
  const asUtc = dayKeyToUtcMidnight(wall.day) + ((wall.hour * 60 + wall.minute) * 60 + (wall.second ?? 0)) * 1000 + (wall.millisecond ?? 0);
  const firstOffset = zoneOffsetMs(asUtc, timeZone);
  const candidate = asUtc - firstOffset;
  const secondOffset = zoneOffsetMs(candidate, timeZone);
  return secondOffset === firstOffset ? candidate : asUtc - secondOffset;
}

export function todayIn(epochMs: number, timeZone: string): string {
  return zonedParts(epochMs, timeZone).day;
}

const WEEKDAYS_ES = ['Domingo', 'Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado'];
const MONTHS_ES = ['Enero', 'Febrero', 'Marzo', 'Abril', 'Mayo', 'Junio', 'Julio', 'Agosto', 'Septiembre', 'Octubre', 'Noviembre', 'Diciembre'];

/** "Miércoles, 23 de Septiembre de 2026": the label AimHarder puts in `day` fields. */
export function spanishDayLabel(day: string): string {
  const midnight = new Date(dayKeyToUtcMidnight(day));
  return `${WEEKDAYS_ES[midnight.getUTCDay()]}, ${midnight.getUTCDate()} de ${MONTHS_ES[midnight.getUTCMonth()]} de ${midnight.getUTCFullYear()}`;
}

export function formatHourMinute(minuteOfDay: number): string {
  const normalized = ((minuteOfDay % 1440) + 1440) % 1440;
  return `${String(Math.floor(normalized / 60)).padStart(2, '0')}:${String(normalized % 60).padStart(2, '0')}`;
}

/** "18:30" → 1110; undefined when malformed. */
export function parseHourMinute(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return undefined;
  return hour * 60 + minute;
}
