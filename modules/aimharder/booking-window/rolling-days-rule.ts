import { addCalendarDays, parseCalendarDay, parseClockTime, zonedWallTimeToUtc } from './zoned-wall-time';

/**
 * "No puedes reservar clases con más de N días de antelación": the class's own local wall time,
 * N calendar days earlier. Across a DST change that is N×24 h ± 1 h, not N×24 h (kappys1 fixed
 * exactly this bug by computing in the box's zone).
 */
export function rollingDaysOpening(days: number, classDay: string, classStartTime: string, timeZone: string): Date {
  const { hour, minute } = parseClockTime(classStartTime);
  return zonedWallTimeToUtc(addCalendarDays(parseCalendarDay(classDay), -days), hour, minute, timeZone);
}
