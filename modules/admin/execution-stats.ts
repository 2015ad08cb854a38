import type { Prebooking, PrebookingStatus } from '@/modules/prebooking';

/**
 * Buckets of the fire offset (first booking request − opening instant), finer near zero where a
 * healthy execution path lands; the last bucket is open-ended.
 */
export const OFFSET_BUCKET_EDGES_MS = [0, 5, 10, 20, 50, 100, 250, 500, 1_000] as const;

export interface OffsetBucket {
  /** Inclusive lower bound (null: below zero, i.e. fired before the opening). */
  fromMs: number | null;
  /** Exclusive upper bound (null: open-ended). */
  toMs: number | null;
  count: number;
}

export interface OffsetSummary {
  count: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export interface ExecutionStats {
  total: number;
  byStatus: Record<PrebookingStatus, number>;
  /** completed / (completed + failed): what happened to prebookings that finished. */
  succeeded: number;
  ended: number;
  successRate: number | null;
  /** First-attempt fire offsets: how precisely the execution path hit the opening (precision). */
  offsets: OffsetSummary | null;
  histogram: OffsetBucket[];
  /**
   * Booked-at offsets: when the request that actually got the place was sent (outcome). An admin
   * retry minutes after the opening lands here, in the ≥ 1 s bucket and the max, never in `offsets`.
   */
  bookedOffsets: OffsetSummary | null;
  bookedHistogram: OffsetBucket[];
  /** Bookings whose place came on a retry rather than the first fire. */
  bookedOnRetry: number;
}

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function offsetHistogram(offsets: readonly number[]): OffsetBucket[] {
  const edges = OFFSET_BUCKET_EDGES_MS;
  const buckets: OffsetBucket[] = edges.map((edge, index) => ({ fromMs: edge, toMs: edges[index + 1] ?? null, count: 0 }));
  const early: OffsetBucket = { fromMs: null, toMs: 0, count: 0 };
  for (const offset of offsets) {
    if (offset < 0) {
      early.count += 1;
      continue;
    }
    const bucket = buckets.findLast((candidate) => offset >= (candidate.fromMs ?? -Infinity));
    if (bucket) bucket.count += 1;
  }
  // A "before the opening" bar only when something did fire early: it should never happen.
  return early.count > 0 ? [early, ...buckets] : buckets;
}

function summarize(values: number[]): OffsetSummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, min: sorted[0]!, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}

export function summarizeExecution(
  prebookings: ReadonlyArray<Pick<Prebooking, 'status' | 'fireOffsetMs'> & Partial<Pick<Prebooking, 'bookedOffsetMs' | 'bookedOnRetry'>>>,
): ExecutionStats {
  const byStatus: Record<PrebookingStatus, number> = { pending: 0, scheduled: 0, executing: 0, completed: 0, failed: 0, cancelled: 0 };
  const offsets: number[] = [];
  const booked: number[] = [];
  let bookedOnRetry = 0;
  for (const prebooking of prebookings) {
    byStatus[prebooking.status] += 1;
    if (prebooking.fireOffsetMs !== null && Number.isFinite(prebooking.fireOffsetMs)) offsets.push(prebooking.fireOffsetMs);
    if (prebooking.status === 'completed' && typeof prebooking.bookedOffsetMs === 'number' && Number.isFinite(prebooking.bookedOffsetMs)) {
      booked.push(prebooking.bookedOffsetMs);
      if (prebooking.bookedOnRetry) bookedOnRetry += 1;
    }
  }
  const ended = byStatus.completed + byStatus.failed;
  return {
    total: prebookings.length,
    byStatus,
    succeeded: byStatus.completed,
    ended,
    successRate: ended === 0 ? null : byStatus.completed / ended,
    offsets: summarize(offsets),
    histogram: offsetHistogram(offsets),
    bookedOffsets: summarize(booked),
    bookedHistogram: offsetHistogram(booked),
    bookedOnRetry,
  };
}

export type AttentionReason = 'stuck_pending' | 'stuck_scheduled' | 'stuck_executing' | 'failed';

/** A `pending` row older than this lost its creation half-way (the sweep steps in at 2 min too). */
const STUCK_PENDING_MS = 2 * 60_000;
/** A `scheduled` row this far past its fire instant never got (or never finished) its delivery. */
const STUCK_SCHEDULED_MS = 60_000;

/** Why a prebooking needs an admin's eye, or null when it is fine (or long over). */
export function attentionReason(
  prebooking: Pick<Prebooking, 'status' | 'createdAt' | 'fireAt' | 'leaseExpiresAt' | 'classStartsAt'>,
  nowMs: number,
): AttentionReason | null {
  const ms = (iso: string) => new Date(iso).getTime();
  switch (prebooking.status) {
    case 'pending':
      return ms(prebooking.createdAt) + STUCK_PENDING_MS < nowMs ? 'stuck_pending' : null;
    case 'scheduled':
      return ms(prebooking.fireAt) + STUCK_SCHEDULED_MS < nowMs ? 'stuck_scheduled' : null;
    case 'executing':
      return prebooking.leaseExpiresAt !== null && ms(prebooking.leaseExpiresAt) < nowMs ? 'stuck_executing' : null;
    case 'failed':
      return ms(prebooking.classStartsAt) > nowMs ? 'failed' : null;
    default:
      return null;
  }
}

/** "Retry now" is offered for a failed prebooking whose class has not started. */
export function isRetryable(prebooking: Pick<Prebooking, 'status' | 'classStartsAt'>, nowMs: number): boolean {
  return prebooking.status === 'failed' && new Date(prebooking.classStartsAt).getTime() > nowMs;
}
