import type { Goal, SkipRange } from './goals.schema';
import { findSkip } from './goal-rules';
import { addDays, isoWeekday } from './local-day';

export interface PlannedDay {
  day: string;
  /** When booking opens for the goal's class that day (from the box's rule). */
  opensAt: Date;
  skip: SkipRange | null;
}

export interface PlanInput {
  goal: Pick<Goal, 'weekdays' | 'startTime' | 'skips'>;
  /** Today in the box's zone. */
  today: string;
  nowMs: number;
  horizonMs: number;
  /** The box's rule applied to a class day and start time (DST-aware, from modules/aimharder). */
  openingInstant(day: string, startTime: string): Date;
  /** Safety bound on how far ahead to look. */
  maxDaysAhead?: number;
}

/**
 * The class days a run must look at: the goal's weekdays whose booking opens after now and within
 * the horizon. Later days' openings are later (same start time, a rule that moves with the day),
 * so the scan stops at the first day past the horizon.
 */
export function planGoalDays(input: PlanInput): PlannedDay[] {
  const { goal, nowMs, horizonMs } = input;
  const limit = input.maxDaysAhead ?? 62;
  const planned: PlannedDay[] = [];
  for (let offset = 0; offset <= limit; offset += 1) {
    const day = addDays(input.today, offset);
    if (!goal.weekdays.includes(isoWeekday(day))) continue;
    const opensAt = input.openingInstant(day, goal.startTime);
    if (opensAt.getTime() > nowMs + horizonMs) break;
    if (opensAt.getTime() <= nowMs) continue;
    planned.push({ day, opensAt, skip: findSkip(goal.skips, day) });
  }
  return planned;
}

/**
 * The goal's class days whose booking is already open and whose class has not started (a goal made
 * on Sunday night for Monday's 18:00 WOD): a run cannot prebook them (prebooking waits for an
 * opening), so the member is offered to book them now. Skip dates are left out. Openings are in
 * day order, so the scan stops at the first one still to come.
 */
export function openGoalDays(input: PlanInput & { classStartInstant(day: string, startTime: string): Date }): string[] {
  const { goal, nowMs } = input;
  const limit = input.maxDaysAhead ?? 62;
  const open: string[] = [];
  for (let offset = 0; offset <= limit; offset += 1) {
    const day = addDays(input.today, offset);
    if (!goal.weekdays.includes(isoWeekday(day))) continue;
    if (input.openingInstant(day, goal.startTime).getTime() > nowMs) break;
    if (input.classStartInstant(day, goal.startTime).getTime() <= nowMs) continue;
    if (!findSkip(goal.skips, day)) open.push(day);
  }
  return open;
}
