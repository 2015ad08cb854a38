import { describe, expect, it } from 'vitest';
import { bookingWindowRuleSchema } from './booking-window.schema';
import { computeOpeningInstant } from './compute-opening-instant';

describe('computeOpeningInstant', () => {
  it('applies each kind of rule', () => {
    expect(computeOpeningInstant({ kind: 'rolling_days', days: 4 }, '2026-03-30', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-03-26T08:00:00.000Z');
    expect(computeOpeningInstant({ kind: 'rolling_hours', hours: 96 }, '2026-03-30', '09:00', 'Europe/Madrid').toISOString()).toBe('2026-03-26T07:00:00.000Z');
    expect(computeOpeningInstant({ kind: 'fixed_time', daysAhead: 2, time: '12:00' }, '2026-10-27', '07:00', 'Europe/Madrid').toISOString()).toBe(
      '2026-10-25T11:00:00.000Z',
    );
  });

  it('puts an opening that falls in the spring-forward gap just after it', () => {
    // Class Thu 2 April 02:30 with a 4-day window: 29 March 02:30 does not exist → 03:30 CEST.
    expect(computeOpeningInstant({ kind: 'rolling_days', days: 4 }, '2026-04-02', '02:30', 'Europe/Madrid').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('puts an opening that happens twice at fall-back on its first occurrence', () => {
    expect(computeOpeningInstant({ kind: 'rolling_days', days: 4 }, '2026-10-29', '02:30', 'Europe/Madrid').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('bookingWindowRuleSchema', () => {
  it('accepts the three kinds and rejects nonsense', () => {
    expect(bookingWindowRuleSchema.safeParse({ kind: 'rolling_days', days: 4 }).success).toBe(true);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'rolling_hours', hours: 22 }).success).toBe(true);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'fixed_time', daysAhead: 0, time: '00:00' }).success).toBe(true);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'rolling_days', days: 0 }).success).toBe(false);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'rolling_days', days: 2.5 }).success).toBe(false);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'fixed_time', daysAhead: 2, time: '25:00' }).success).toBe(false);
    expect(bookingWindowRuleSchema.safeParse({ kind: 'weekly', days: 7 }).success).toBe(false);
  });
});
