import { parseCalendarDay, parseClockTime, zonedWallTimeToUtc } from './zoned-wall-time';

/** When a class starts: its day and `HH:mm` are the box's wall clock in its IANA zone. */
export function classStartInstant(classDay: string, startTime: string, timeZone: string): Date {
  const { hour, minute } = parseClockTime(startTime);
  return zonedWallTimeToUtc(parseCalendarDay(classDay), hour, minute, timeZone);
}
