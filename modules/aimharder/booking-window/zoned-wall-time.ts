/**
 * Box-local wall time ↔ UTC through `Intl` (no tz library is installed). Booking rules are
 * stated in the box's wall clock ("same local time, 4 days earlier"), so a fixed UTC offset would
 * be an hour off whenever a rule spans a DST change.
 *
 * Disambiguation (documented choice, same as Temporal's `'compatible'` and PHP's `DateTime`,
 * which is what AimHarder runs on):
 * - a wall time in the spring-forward gap (02:30 on the last Sunday of March in Madrid) does not
 *   exist; it is read with the offset in force before the gap, i.e. pushed forward by the gap
 *   length (02:30 → 03:30 CEST);
 * - a wall time that happens twice at fall-back (02:30 on the last Sunday of October) resolves to
 *   the earlier occurrence (CEST). For an opening instant, firing an hour early only earns
 *   "too early" answers the caller can retry; firing an hour late could lose the class.
 */

const DAY_PATTERN = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const MS_PER_DAY = 86_400_000;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** Accepts `YYYY-MM-DD` (our format) and `YYYYMMDD` (AimHarder's); throws on anything else. */
export function parseCalendarDay(day: string): CalendarDay {
  const match = DAY_PATTERN.exec(day.trim());
  if (!match) throw new RangeError(`Not a calendar day (YYYY-MM-DD): "${day}"`);
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== dayOfMonth) {
    throw new RangeError(`Not a calendar day: "${day}"`);
  }
  return { year, month, day: dayOfMonth };
}

/** Minutes after local midnight for `HH:mm` (also `H:mm` and `HH:mm:ss`, seconds ignored). */
export function parseClockTime(time: string): { hour: number; minute: number } {
  const match = TIME_PATTERN.exec(time.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) throw new RangeError(`Not a time of day (HH:mm): "${time}"`);
  return { hour, minute };
}

export function formatCalendarDay({ year, month, day }: CalendarDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Calendar arithmetic on the date alone (no zone involved: a calendar day has no instant). */
export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  const shifted = new Date(Date.UTC(day.year, day.month - 1, day.day) + days * MS_PER_DAY);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone: a box with a bad zone must fail loudly, not drift.
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

/** The zone's UTC offset (ms, east positive) at an instant. */
export function zoneOffsetAt(epochMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The UTC instant of a local wall time in `timeZone`, disambiguated as described above. */
export function zonedWallTimeToUtc(day: CalendarDay, hour: number, minute: number, timeZone: string): Date {
  const wallAsUtc = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  // Real zones change offset at most once within a day either side, so the offsets a day before
  // and a day after are the only two the wall time can be in.
  const offsetBefore = zoneOffsetAt(wallAsUtc - MS_PER_DAY, timeZone);
  const offsetAfter = zoneOffsetAt(wallAsUtc + MS_PER_DAY, timeZone);
  const candidates = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter(
    (instant) => zoneOffsetAt(instant, timeZone) === wallAsUtc - instant,
  );
  if (candidates.length === 0) return new Date(wallAsUtc - offsetBefore); // spring-forward gap
  return new Date(Math.min(...candidates)); // the earlier occurrence when it happens twice
}
