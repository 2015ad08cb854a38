import { z } from 'zod';

/**
 * How a box opens its classes for booking. AimHarder never tells us the rule up front; it is
 * configured per box or learned from a too-early answer (see `too-early-window.ts`).
 */
export type BookingWindowRule =
  /** Opens at the class's own local wall time, N calendar days earlier (kappys1's 4-day box). */
  | { kind: 'rolling_days'; days: number }
  /** Opens exactly N hours before the class starts (lluismather's 22 h box, pachiclana's 48/72 h). */
  | { kind: 'rolling_hours'; hours: number }
  /** Classes D days ahead open at one fixed local time of day (epereztg: 12:00 for 2 days ahead). */
  | { kind: 'fixed_time'; daysAhead: number; time: string };

/** What a too-early message says about the window: "more than N days/hours in advance". */
export interface BookingWindowHint {
  unit: 'days' | 'hours';
  amount: number;
}

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;
// Generous upper bounds: a typo like 400 days would otherwise schedule a prebooking for next year.
const MAX_DAYS = 60;

export const bookingWindowRuleSchema: z.ZodType<BookingWindowRule> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rolling_days'), days: z.number().int().min(1).max(MAX_DAYS) }),
  z.object({ kind: z.literal('rolling_hours'), hours: z.number().int().min(1).max(MAX_DAYS * 24) }),
  z.object({
    kind: z.literal('fixed_time'),
    // 0 = same-day classes open at `time` (kiru22's box opens them at 00:00).
    daysAhead: z.number().int().min(0).max(MAX_DAYS),
    time: z.string().regex(HOUR_MINUTE, 'expected HH:mm'),
  }),
]);

export const bookingWindowHintSchema: z.ZodType<BookingWindowHint> = z.object({
  unit: z.enum(['days', 'hours']),
  amount: z.number().int().min(1),
});
