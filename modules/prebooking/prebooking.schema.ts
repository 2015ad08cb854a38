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

const classIdSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an AimHarder class id');

/** Second choices: other classes of the same box, in order; `day` defaults to the first choice's. */
export const MAX_ALTERNATIVES = 5;
const alternativeInputSchema = z.strictObject({ classId: classIdSchema, day: dayString.optional() });

export const createPrebookingInputSchema = z
  .strictObject({
    boxId: boxIdSchema,
    day: dayString,
    classId: classIdSchema,
    waitlistIfFull: z.boolean().default(false),
    /**
     * The member chose "replace the other one" for an overlapping prebooking (the 409's
     * details.conflict.prebookingId): that one is cancelled and this one created.
     */
    replacePrebookingId: z.uuid({ message: 'must be a prebooking id' }).optional(),
    /**
     * "Replace the other one" for an overlapping booking the member holds (the 409's
     * details.conflict.reservationId): kept until the opening instant, then swapped (see
     * replace-held-booking.ts).
     */
    replaceBookingId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an AimHarder reservation id').optional(),
    alternatives: z.array(alternativeInputSchema).max(MAX_ALTERNATIVES, { message: `at most ${MAX_ALTERNATIVES} alternatives` }).default([]),
  })
  .superRefine((input, context) => {
    // Alternatives at other hours could meet the held booking too; a swap fires one class only.
    if (input.replaceBookingId !== undefined && input.alternatives.length > 0) {
      context.addIssue({ code: 'custom', path: ['replaceBookingId'], message: 'cannot be combined with alternatives' });
    }
    const seen = new Set([`${input.day}/${input.classId}`]);
    input.alternatives.forEach((alternative, index) => {
      const key = `${alternative.day ?? input.day}/${alternative.classId}`;
      if (key === `${input.day}/${input.classId}`) context.addIssue({ code: 'custom', path: ['alternatives', index, 'classId'], message: 'is the first choice itself' });
      else if (seen.has(key)) context.addIssue({ code: 'custom', path: ['alternatives', index, 'classId'], message: 'is listed twice' });
      seen.add(key);
    });
  });
export type AlternativeInput = z.infer<typeof alternativeInputSchema>;
/** Parsed input; `alternatives` may be left out by callers inside the app (goals, tests). */
export type CreatePrebookingInput = Omit<z.infer<typeof createPrebookingInputSchema>, 'alternatives'> & { alternatives?: AlternativeInput[] };

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
  /** Second choices, in order (issue 17): booked when the first choice is full. */
  alternatives: PrebookingAlternative[];
  /** 1 = the first choice, 2 = the first alternative, …; null until a booking is held. */
  bookedChoice: number | null;
  /** How long after that choice's own opening its request left. */
  bookedChoiceOffsetMs: number | null;
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
  /** A booking held at the same hour, swapped for this class at the opening instant (issue 13). */
  replacesBooking: ReplacedBooking | null;
}

/** What became of a replaced booking at the instant: see replace-held-booking.ts. */
export const SWAP_RESULTS = ['cancelled', 'rebooked', 'rebooked_waitlisted', 'lost', 'kept', 'gone'] as const;
export type SwapResult = (typeof SWAP_RESULTS)[number];

const replacedBookingSchema = z.object({
  reservationId: z.string(),
  classId: z.string(),
  classDay: z.string(),
  classStartTime: z.string(),
  className: z.string(),
  state: z.enum(['booked', 'waitlisted']),
  /** Absent until the prebooking fired. */
  swap: z.enum(SWAP_RESULTS).optional(),
  /** The old class's new reservation when it was booked again. */
  rebookedReservationId: z.string().nullable().optional(),
});
export type ReplacedBooking = z.infer<typeof replacedBookingSchema>;

/** Read defensively, like the alternatives: a row that does not parse replaces nothing. */
export function parseStoredReplacedBooking(value: unknown): ReplacedBooking | null {
  if (value === null || value === undefined) return null;
  const parsed = replacedBookingSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
  return parsed.success ? parsed.data : null;
}

/** One alternative class of a prebooking, as stored (times box-local, instants ISO). */
export interface PrebookingAlternative {
  classId: string;
  classDay: string;
  classStartTime: string;
  classStartsAt: string;
  className: string;
  availableAt: string;
}

const alternativeSchema = z.object({
  classId: z.string(),
  classDay: z.string(),
  classStartTime: z.string(),
  classStartsAt: z.string(),
  className: z.string(),
  availableAt: z.string(),
});
/** Stored alternatives, read defensively: a row that does not parse has none (never a crash at the instant). */
export function parseStoredAlternatives(value: unknown): PrebookingAlternative[] {
  const parsed = z.array(alternativeSchema).max(5).safeParse(typeof value === 'string' ? safeJson(value) : value);
  return parsed.success ? parsed.data : [];
}
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
