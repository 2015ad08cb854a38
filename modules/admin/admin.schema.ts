import { z } from 'zod';
import type { PrebookingEvent, PrebookingStatus, PrebookingView } from '@/modules/prebooking';
import type { AttentionReason, ExecutionStats } from './execution-stats';

export const HEALTH_PERIODS = ['24h', '7d', '30d', 'custom'] as const;
export type HealthPeriod = (typeof HEALTH_PERIODS)[number];

// Bounded: the custom days become instants in the box's zone, and the zone arithmetic only
// handles four-digit years (0001-01-01 or 9999-12-31 made GET /api/admin/stats answer 500).
const day = z.iso
  .date({ message: 'must be a date like 2026-11-30' })
  .refine((value) => value >= '2000-01-01' && value <= '2999-12-31', { message: 'must be between 2000-01-01 and 2999-12-31' });

/** The period is by opening instant; custom dates are whole days in the box's zone. */
export const healthQuerySchema = z
  .object({
    period: z.enum(HEALTH_PERIODS).default('7d'),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((query) => query.period !== 'custom' || (query.from && query.to && query.from <= query.to), {
    message: 'a custom period needs from ≤ to',
    path: ['from'],
  });
export type HealthQuery = z.infer<typeof healthQuerySchema>;

export interface AdminBox {
  boxId: number;
  name: string;
  timeZone: string;
}

export interface AdminPrebookingRow {
  id: string;
  status: PrebookingStatus;
  className: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: string;
  availableAt: string;
  fireOffsetMs: number | null;
  bookedOffsetMs: number | null;
  bookedOnRetry: boolean;
  /** When the synced view found Prebooker's booking gone from AimHarder (cancelled after booking); null otherwise. */
  cancelledAfterBooking: string | null;
  attemptCount: number;
  resultCode: string | null;
  resultMessage: string | null;
  memberId: string;
  memberName: string;
  boxId: number;
  boxName: string;
  timeZone: string;
}

export interface AttentionItem extends AdminPrebookingRow {
  reason: AttentionReason;
  retryable: boolean;
  fireAt: string;
  /** The open pre-flight findings (English), for reason `preflight`. */
  preflightFindings: string[];
}

export interface ExecutionHealth {
  from: string;
  to: string;
  timeZone: string;
  stats: ExecutionStats;
  /** True when the period held more prebookings than were read. */
  truncated: boolean;
  readLimit: number;
  attention: AttentionItem[];
}

export interface AdminPrebookingPage {
  rows: AdminPrebookingRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  members: Array<{ id: string; name: string; email: string }>;
  boxes: AdminBox[];
}

export interface FireAttempt {
  attempt: number;
  firedAt: string | null;
  offsetMs: number | null;
  /** The arrival − opening on the box clock, when a box clock estimate existed (issue 16). */
  boxOffsetMs: number | null;
  durationMs: number | null;
  answerKind: string | null;
  /** AimHarder's answer with anything secret-looking replaced. */
  answer: unknown;
}

export interface AdminPrebookingDetail {
  prebooking: PrebookingView;
  cancelledAfterBooking: string | null;
  events: PrebookingEvent[];
  memberName: string;
  memberEmail: string | null;
  box: AdminBox;
  attempts: FireAttempt[];
  retryable: boolean;
  cancellable: boolean;
}
