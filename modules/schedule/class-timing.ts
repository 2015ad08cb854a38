import { classStartInstant, computeOpeningInstant, type BookingWindowRule } from '@/modules/aimharder';
import type { ClassPhase } from './schedule.schema';

export interface ClassTiming {
  startsAt: Date;
  opensAt: Date | null;
  phase: ClassPhase;
}

/** When a class starts and opens for booking (in its box's zone), and so where it stands now. */
export function classTiming(rule: BookingWindowRule | null, day: string, startTime: string, timeZone: string, nowMs: number): ClassTiming {
  const startsAt = classStartInstant(day, startTime, timeZone);
  const opensAt = rule ? computeOpeningInstant(rule, day, startTime, timeZone) : null;
  let phase: ClassPhase;
  if (startsAt.getTime() <= nowMs) phase = 'started';
  else if (!opensAt) phase = 'unknown';
  else phase = opensAt.getTime() > nowMs ? 'not_open' : 'open';
  return { startsAt, opensAt, phase };
}
