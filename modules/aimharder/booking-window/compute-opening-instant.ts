import type { BookingWindowRule } from './booking-window.schema';
import { fixedTimeOpening } from './fixed-time-rule';
import { rollingDaysOpening } from './rolling-days-rule';
import { rollingHoursOpening } from './rolling-hours-rule';

/** The UTC instant a class opens for booking under its box's rule (`timeZone` = the box's IANA zone). */
export function computeOpeningInstant(rule: BookingWindowRule, classDay: string, classStartTime: string, timeZone: string): Date {
  switch (rule.kind) {
    case 'rolling_days':
      return rollingDaysOpening(rule.days, classDay, classStartTime, timeZone);
    case 'rolling_hours':
      return rollingHoursOpening(rule.hours, classDay, classStartTime, timeZone);
    case 'fixed_time':
      return fixedTimeOpening(rule.daysAhead, rule.time, classDay, timeZone);
  }
}
