import { addCalendarDays, parseCalendarDay, parseClockTime, zonedWallTimeToUtc } from './zoned-wall-time';

/** Classes on day X open at `time` (box-local) on day X − `daysAhead`, whatever their own start time. */
export function fixedTimeOpening(daysAhead: number, time: string, classDay: string, timeZone: string): Date {
  const { hour, minute } = parseClockTime(time);
  return zonedWallTimeToUtc(addCalendarDays(parseCalendarDay(classDay), -daysAhead), hour, minute, timeZone);
}
