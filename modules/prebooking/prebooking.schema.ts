import { z } from 'zod';

export const PREBOOKING_STATUSES = ['pending', 'scheduled', 'executing', 'completed', 'failed', 'cancelled'] as const;
export type PrebookingStatus = (typeof PREBOOKING_STATUSES)[number];
export const ACTIVE_STATUSES: PrebookingStatus[] = ['pending', 'scheduled', 'executing'];
export const TERMINAL_STATUSES: PrebookingStatus[] = ['completed', 'failed', 'cancelled'];

// Bounded at the boundary: the zone arithmetic reads years below 100 as 19xx and cannot format years
// past 9999, so a well-formed "0001-01-01" used to end as a 500/502 instead of a 400.
const dayString = z.iso
  .date({ message: 'must be a date like 2026-11-30' })
  .refine((day) => day >= '2000-01-01' && day <= '2999-12-31', { message: 'must be between 2000-01-01 and 2999-12-31' });
// AimHarder box ids are PostgreSQL integers: a larger number used to reach the database and fail there (503).
const boxIdSchema = z.coerce.number().int().positive({ message: 'must be an AimHarder box id' }).max(2_147_483_647, { message: 'must be an AimHarder box id' });

export const createPrebookingInputSchema = z.strictObject({
  boxId: boxIdSchema,
  day: dayString,
  classId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an AimHarder class id'),
  waitlistIfFull: z.boolean().default(false),
  /**
   * The member chose "replace the other one" for an overlapping prebooking (the 409's
   * details.conflict.prebookingId): that one is cancelled and this one created.
   */
  replacePrebookingId: z.uuid({ message: 'must be a prebooking id' }).optional(),
});
export type CreatePrebookingInput = z.infer<typeof createPrebookingInputSchema>;

export const prebookingIdSchema = z.uuid({ message: 'must be a prebooking id' });

/** The body of every QStash message we publish for a prebooking. */
export const executePayloadSchema = z.strictObject({ prebookingId: prebookingIdSchema });
export type ExecutePayload = z.infer<typeof executePayloadSchema>;

/** QStash's failure-callback body (see qstash-protocol.md §4); unknown fields tolerated. */
export const failureCallbackSchema = z.looseObject({
  status: z.coerce.number().int().optional(),
  body: z.string().optional(),
  retried: z.coerce.number().int().optional(),
  maxRetries: z.coerce.number().int().optional(),
  dlqId: z.string().optional(),
  sourceMessageId: z.string().optional(),
  url: z.string().optional(),
  sourceBody: z.string(),
});

export const sweepPayloadSchema = z.looseObject({ reason: z.string().max(100).optional() }).optional();

export const listPrebookingsQuerySchema = z.strictObject({
  scope: z.enum(['upcoming', 'past', 'all']).default('all'),
});

export const adminListQuerySchema = z.strictObject({
  status: z.enum(PREBOOKING_STATUSES).optional(),
  boxId: boxIdSchema.optional(),
  memberId: z.uuid().optional(),
  from: dayString.optional(),
  to: dayString.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AdminListQuery = z.infer<typeof adminListQuerySchema>;

export interface Prebooking {
  id: string;
  memberId: string;
  boxId: number;
  classId: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: string;
  className: string;
  waitlistIfFull: boolean;
  availableAt: string;
  fireAt: string;
  status: PrebookingStatus;
  /** Stored in the `qstash_schedule_id` column: the QStash message that will fire it. */
  qstashMessageId: string | null;
  attemptCount: number;
  resultCode: string | null;
  resultMessage: string | null;
  reservationId: string | null;
  deliveredAt: string | null;
  firedAt: string | null;
  respondedAt: string | null;
  leaseToken: string | null;
  leaseExpiresAt: string | null;
  fireCommittedAt: string | null;
  source: 'manual' | 'goal';
  createdAt: string;
  updatedAt: string;
  /** fired_at − available_at in ms (null until fired): how precisely we hit the opening. */
  fireOffsetMs: number | null;
  /** When the request that actually got the place was sent (null: not booked, or found already held). */
  bookedAt: string | null;
  /** That request was not the first fire: an admin retry, or a redelivery after a failure. */
  bookedOnRetry: boolean;
  /** booked_at − available_at in ms: the outcome's timing, as opposed to the first fire's precision. */
  bookedOffsetMs: number | null;
  /** The member dismissed this failed prebooking's next step (My classes no longer offers it). */
  dismissedAt: string | null;
}

export interface PrebookingEvent {
  id: number;
  prebookingId: string;
  type: string;
  detail: Record<string, unknown>;
  occurredAt: string;
}

/** What the member sees of a prebooking: no lease internals. */
export type PrebookingView = Omit<Prebooking, 'leaseToken' | 'leaseExpiresAt'>;

export function toPrebookingView(prebooking: Prebooking): PrebookingView {
  const { leaseToken: _leaseToken, leaseExpiresAt: _leaseExpiresAt, ...view } = prebooking;
  return view;
}
