import { describe, expect, test } from 'vitest';
import { attentionReason, isRetryable, offsetHistogram, percentile, summarizeExecution } from './execution-stats';

const NOW = Date.parse('2026-11-25T18:00:00Z');
const iso = (msFromNow: number) => new Date(NOW + msFromNow).toISOString();

describe('execution statistics', () => {
  test('percentiles are nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });

  test('counts by status, success rate over finished ones, and offsets of what fired', () => {
    const stats = summarizeExecution([
      { status: 'completed', fireOffsetMs: 3 },
      { status: 'completed', fireOffsetMs: 12 },
      { status: 'completed', fireOffsetMs: 4 },
      { status: 'failed', fireOffsetMs: 700 },
      { status: 'failed', fireOffsetMs: null },
      { status: 'cancelled', fireOffsetMs: null },
      { status: 'scheduled', fireOffsetMs: null },
    ]);
    expect(stats.total).toBe(7);
    expect(stats.byStatus).toMatchObject({ completed: 3, failed: 2, cancelled: 1, scheduled: 1, pending: 0 });
    expect(stats.successRate).toBeCloseTo(3 / 5);
    expect(stats.offsets).toEqual({ count: 4, min: 3, p50: 4, p95: 700, max: 700 });
    expect(stats.histogram.map((bucket) => bucket.count)).toEqual([2, 0, 1, 0, 0, 0, 0, 1, 0]);
  });

  test('first-attempt fire offset (precision) and booked-at offset (outcome) are kept apart: a late retry shows in the ≥ 1 s bucket and the max', () => {
    const stats = summarizeExecution([
      { status: 'completed', fireOffsetMs: 2, bookedOffsetMs: 2, bookedOnRetry: false },
      // Failed at the opening (first fire 1 ms), booked by an admin retry 4 min 2 s later.
      { status: 'completed', fireOffsetMs: 1, bookedOffsetMs: 242_000, bookedOnRetry: true },
      // Found already held: no request of ours got the place, so no booked-at offset.
      { status: 'completed', fireOffsetMs: 3, bookedOffsetMs: null, bookedOnRetry: false },
    ]);
    expect(stats.offsets).toMatchObject({ count: 3, max: 3 });
    expect(stats.histogram[0]!.count).toBe(3);
    expect(stats.bookedOffsets).toEqual({ count: 2, min: 2, p50: 2, p95: 242_000, max: 242_000 });
    expect(stats.bookedHistogram.at(-1)).toEqual({ fromMs: 1_000, toMs: null, count: 1 });
    expect(stats.bookedOnRetry).toBe(1);
  });

  test('nothing finished means no success rate rather than 0 %', () => {
    const stats = summarizeExecution([{ status: 'scheduled', fireOffsetMs: null }]);
    expect(stats.successRate).toBeNull();
    expect(stats.offsets).toBeNull();
  });

  test('an early fire gets its own bar; bucket bounds are inclusive below', () => {
    const histogram = offsetHistogram([-1, 0, 5, 1_000, 25_000]);
    expect(histogram[0]).toEqual({ fromMs: null, toMs: 0, count: 1 });
    expect(histogram[1]).toEqual({ fromMs: 0, toMs: 5, count: 1 });
    expect(histogram[2]).toEqual({ fromMs: 5, toMs: 10, count: 1 });
    expect(histogram.at(-1)).toEqual({ fromMs: 1_000, toMs: null, count: 2 });
  });
});

describe('what needs attention', () => {
  const base = { createdAt: iso(-10 * 60_000), fireAt: iso(-5 * 60_000), leaseExpiresAt: null, classStartsAt: iso(86_400_000) };

  test('stuck rows and failures whose class is still ahead', () => {
    expect(attentionReason({ ...base, status: 'scheduled' }, NOW)).toBe('stuck_scheduled');
    expect(attentionReason({ ...base, status: 'scheduled', fireAt: iso(-30_000) }, NOW)).toBeNull();
    expect(attentionReason({ ...base, status: 'pending' }, NOW)).toBe('stuck_pending');
    expect(attentionReason({ ...base, status: 'executing', leaseExpiresAt: iso(-1) }, NOW)).toBe('stuck_executing');
    expect(attentionReason({ ...base, status: 'executing', leaseExpiresAt: iso(5_000) }, NOW)).toBeNull();
    expect(attentionReason({ ...base, status: 'failed' }, NOW)).toBe('failed');
    expect(attentionReason({ ...base, status: 'completed' }, NOW)).toBeNull();
  });

  test('a failure is retryable only before the class starts', () => {
    expect(isRetryable({ status: 'failed', classStartsAt: iso(60_000) }, NOW)).toBe(true);
    expect(isRetryable({ status: 'failed', classStartsAt: iso(-1) }, NOW)).toBe(false);
    expect(isRetryable({ status: 'cancelled', classStartsAt: iso(60_000) }, NOW)).toBe(false);
    expect(attentionReason({ ...base, status: 'failed', classStartsAt: iso(-1) }, NOW)).toBeNull();
  });
});
