import type { BookingWindowRule } from './sim-types';
import { addDays, parseHourMinute, zonedParts, zonedWallTimeToEpoch } from './zoned-time';

/** The instant a class opens for booking under its box's rule. */
export function computeOpensAtMs(rule: BookingWindowRule, classDay: string, classMinuteOfDay: number, startsAtMs: number, timeZone: string): number {
  switch (rule.kind) {
    case 'rolling_days':
      return zonedWallTimeToEpoch(
        { day: addDays(classDay, -rule.days), hour: Math.floor(classMinuteOfDay / 60), minute: classMinuteOfDay % 60 },
        timeZone,
      );
    case 'rolling_hours':
      return startsAtMs - rule.hours * 3_600_000;
    case 'fixed_time': {
      const opening = parseHourMinute(rule.time) ?? 0;
      return zonedWallTimeToEpoch({ day: addDays(classDay, -rule.daysAhead), hour: Math.floor(opening / 60), minute: opening % 60 }, timeZone);
    }
  }
}

/**
 * The inverse, for classes created with an explicit opening: the instant the class would start
 * if the rule had produced that opening (same local wall time N days later, or N hours later).
 */
export function startForOpening(rule: BookingWindowRule, opensAtMs: number, timeZone: string): number {
  if (rule.kind === 'rolling_hours') return opensAtMs + rule.hours * 3_600_000;
  const days = rule.kind === 'rolling_days' ? rule.days : rule.daysAhead;
  const local = zonedParts(opensAtMs, timeZone);
  return zonedWallTimeToEpoch(
    { day: addDays(local.day, days), hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond },
    timeZone,
  );
}

export interface TooEarlyAnswer {
  errorMssg: string;
  errorMssgLang: 'ERROR_ANTELACION_CLIENTE' | 'ERROR_ANTELACION_CLIENTE_HORAS';
}

/** The localized -12 message; clients read N from it (kappys1 parses "N días de antelación"). */
export function tooEarlyAnswer(rule: BookingWindowRule): TooEarlyAnswer {
  switch (rule.kind) {
    case 'rolling_days':
      return { errorMssg: `No puedes reservar clases con más de ${rule.days} ${rule.days === 1 ? 'día' : 'días'} de antelación`, errorMssgLang: 'ERROR_ANTELACION_CLIENTE' };
    case 'rolling_hours':
      return { errorMssg: `No puedes reservar clases con más de ${rule.hours} ${rule.hours === 1 ? 'hora' : 'horas'} de antelación`, errorMssgLang: 'ERROR_ANTELACION_CLIENTE_HORAS' };
    case 'fixed_time':
      return {
        errorMssg: `No puedes reservar clases con más de ${rule.daysAhead} ${rule.daysAhead === 1 ? 'día' : 'días'} de antelación. Las reservas se abren a las ${rule.time}`,
        errorMssgLang: 'ERROR_ANTELACION_CLIENTE',
      };
  }
}

/** Days the rule can reach ahead, rounded up: how far the rival scheduler must look. */
export function windowReachDays(rule: BookingWindowRule): number {
  switch (rule.kind) {
    case 'rolling_days':
      return rule.days + 1;
    case 'rolling_hours':
      return Math.ceil(rule.hours / 24) + 1;
    case 'fixed_time':
      return rule.daysAhead + 1;
  }
}

export function describeRule(rule: BookingWindowRule): string {
  switch (rule.kind) {
    case 'rolling_days':
      return `opens ${rule.days} days before, at the class's local time`;
    case 'rolling_hours':
      return `opens ${rule.hours} h before the class`;
    case 'fixed_time':
      return `opens at ${rule.time} local, ${rule.daysAhead} days before the class day`;
  }
}
