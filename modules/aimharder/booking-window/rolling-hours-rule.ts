import { classStartInstant } from './class-start-instant';

const MS_PER_HOUR = 3_600_000;

/** Elapsed hours, not wall-clock hours: a 24 h window across a DST change opens at 08:00 for a 09:00 class. */
export function rollingHoursOpening(hours: number, classDay: string, classStartTime: string, timeZone: string): Date {
  return new Date(classStartInstant(classDay, classStartTime, timeZone).getTime() - hours * MS_PER_HOUR);
}
