import { z } from 'zod';

/**
 * AimHarder response shapes (reference §2.3, §3, §4, §5, §7). Every object tolerates unknown
 * keys (they are stripped), numbers may come as strings (reference: `limit`, `id`, `max`), and
 * only the fields we act on are required. Counts we merely display are read leniently.
 */

/** A number, or a string holding one ("16", "-12"). */
export const numberish = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(?:\.\d+)?$/, 'expected a number')
    .transform(Number),
]);

/** An id: AimHarder sends both 646157 and "106015104". Kept as a string. */
export const identifier = z.union([z.number().int(), z.string().trim().min(1)]).transform(String);

/** For display-only counts: anything not a number becomes null instead of failing the response. */
export const lenientNumber = z.unknown().transform((value): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const match = /^\s*(-?\d+)/.exec(value);
    if (match) return Number(match[1]);
  }
  return null;
});

const optionalText = z
  .unknown()
  .transform((value): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null));

const truthyFlag = z.union([z.literal(true), z.literal(1), z.literal('1'), z.literal('true')]);

/** `{"logout":1}` (HTTP 200) is AimHarder's "no session", on every endpoint that needs one. */
export function isLogoutAnswer(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  return truthyFlag.safeParse((json as Record<string, unknown>).logout).success;
}

// ── login / whoami ─────────────────────────────────────────────────────────────────────────

export const roleSchema = z.object({
  role: optionalText.optional(),
  boid: numberish.nullish(),
  gym: optionalText.optional(),
  centre_url: optionalText.optional(),
});

export const userDataSchema = z.object({
  id: identifier,
  name: optionalText.optional(),
  roles: z.array(z.unknown()).nullish(),
});

export const loginSuccessSchema = z.object({
  data: z.object({
    userData: userDataSchema,
    auth: z.object({ authOK: truthyFlag, refreshToken: optionalText.optional() }),
  }),
});

/** Whatever a failed login carries: `info` (HTTP 200 form) or `error.message` (HTTP 401 form). */
export const loginFailureSchema = z.object({
  info: z.unknown().optional(),
  error: z.union([z.object({ code: z.unknown().optional(), message: optionalText.optional() }), z.string()]).optional(),
  data: z.object({ auth: z.object({ authOK: z.unknown().optional() }).nullish() }).nullish(),
});

export const whoamiSchema = z.object({
  data: z.union([z.array(userDataSchema), userDataSchema, z.object({}).strict().transform(() => null), z.null()]),
});

// ── box: bookings list ─────────────────────────────────────────────────────────────────────

export const classRowSchema = z.object({
  id: identifier,
  time: optionalText.optional(),
  timeid: optionalText.optional(),
  className: optionalText.optional(),
  classLength: lenientNumber.optional(),
  coachName: optionalText.optional(),
  ocupation: lenientNumber.optional(),
  limit: z.unknown().optional(),
  limitc: lenientNumber.optional(),
  waitlist: lenientNumber.optional(),
  bookState: numberish.nullish(),
  idres: identifier.nullish(),
});
export type ClassRow = z.infer<typeof classRowSchema>;

export const bookingsResponseSchema = z.object({
  bookings: z.array(classRowSchema),
  resmsgs: z.array(z.unknown()).nullish(),
});

// ── box: book / cancel / nextBookings ──────────────────────────────────────────────────────

export const bookResponseSchema = z.object({
  bookState: numberish.nullish(),
  id: identifier.nullish(),
  errorMssg: optionalText.optional(),
  errorMssgLang: optionalText.optional(),
  max: lenientNumber.optional(),
});
export type BookResponse = z.infer<typeof bookResponseSchema>;

export const cancelResponseSchema = z.object({
  cancelState: numberish.nullish(),
  errorMssg: optionalText.optional(),
});
export type CancelResponse = z.infer<typeof cancelResponseSchema>;

export const nextBookingRowSchema = z.object({
  id: identifier,
  day: optionalText.optional(),
  time: optionalText.optional(),
  className: optionalText.optional(),
  bookState: lenientNumber.optional(),
});

export const nextBookingsResponseSchema = z.object({
  nextClasses: z.array(nextBookingRowSchema).nullish(),
});
