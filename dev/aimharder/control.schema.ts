import { z } from 'zod';
import { SIM_ENDPOINTS } from './sim-types';
import { assertTimeZone, isValidDayKey, parseHourMinute } from './zoned-time';

/** Inputs of the `/__sim/` control API (and of the in-process conveniences that mirror it). */

const DAY_MS = 86_400_000;

const dayKey = z.string().refine(isValidDayKey, 'must be a YYYYMMDD date');
const hourMinute = z.string().refine((value) => parseHourMinute(value) !== undefined, 'must be HH:MM (00:00–23:59)');
const boxRef = z.union([z.string().min(1), z.int().positive()]).transform(String);
const offsets = z.array(z.number().min(0).max(3_600_000)).max(500);
const rate = z.number().min(0).max(1);
// One-way network delays: a minute is already far beyond any real round trip.
const latencyRange = z
  .tuple([z.number().min(0).max(60_000), z.number().min(0).max(60_000)])
  .refine(([min, max]) => min <= max, 'the first value (min) must not exceed the second (max)');
const timeZone = z.string().refine((value) => {
  try {
    assertTimeZone(value);
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Madrid');

export const createClassSchema = z.strictObject({
  box: boxRef,
  day: dayKey.optional(),
  time: hourMinute.optional(),
  name: z.string().trim().min(1).max(60).optional(),
  capacity: z.int().min(1).max(1000).optional(),
  lengthMin: z.int().min(5).max(600).optional(),
  coachName: z.string().trim().min(1).max(60).optional(),
  waitlistCapacity: z.int().min(0).max(1000).optional(),
  opensInMs: z.number().min(-30 * DAY_MS).max(60 * DAY_MS),
  exactOpening: z.boolean().optional(),
  rivals: z
    .strictObject({ count: z.int().min(0).max(500).optional(), offsetsMs: offsets.optional() })
    .refine((rivals) => rivals.count === undefined || rivals.offsetsMs === undefined || rivals.count === rivals.offsetsMs.length, {
      message: 'must equal the number of offsetsMs',
      path: ['count'],
    })
    .optional(),
});

export const createMemberSchema = z.strictObject({
  email: z.email(),
  password: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(100).optional(),
  boxes: z.array(boxRef).max(50).optional(),
  noCredit: z.boolean().optional(),
  paymentPending: z.boolean().optional(),
  planClassTypes: z.array(z.string().min(1)).max(50).optional(),
  loginFailureStyle: z.enum(['info', 'http401']).optional(),
  userId: z.int().min(1).max(2_000_000_000).optional(),
});

/** A member changes their account in the AimHarder app: a new password, a plan with no credit left. */
export const updateMemberSchema = z.strictObject({
  email: z.email(),
  password: z.string().min(1).max(200).optional(),
  noCredit: z.boolean().optional(),
});

/** The box moves a class to another start time the same day (AimHarder keeps its session id). */
export const moveClassSchema = z.strictObject({ time: hourMinute });

export const settingsPatchSchema = z.strictObject({
  clockSkewMs: z.number().min(-DAY_MS).max(DAY_MS).optional(),
  // A real clock drifts by milliseconds a day; a minute-scale drift is already an extreme test.
  clockDriftMsPerMinute: z.number().min(-1000).max(1000).optional(),
  latencyMs: latencyRange.optional(),
  inboundLatencyMs: latencyRange.optional(),
  errorRate: rate.optional(),
  timeoutRate: rate.optional(),
  timeoutHangMs: z.int().min(0).max(600_000).optional(),
  faultEndpoints: z.union([z.literal('all'), z.array(z.enum(SIM_ENDPOINTS))]).optional(),
  failNextBookRequests: z.int().min(0).max(100_000).optional(),
  /** An action rather than a setting: that class opens now. */
  openClassNow: z.union([z.string().regex(/^\d{1,16}$/, 'must be a numeric class id'), z.int().positive()]).transform(String).optional(),
  rivals: z
    .strictObject({ enabled: z.boolean().optional(), offsetsMs: offsets.optional(), count: z.int().min(0).max(500).optional() })
    .optional(),
  sessionLifetimeMs: z.int().min(1).max(30 * DAY_MS).optional(),
  loginFailureStyle: z.enum(['info', 'http401']).optional(),
  loginMaxFailures: z.int().min(1).max(1000).optional(),
  loginLockoutMs: z.int().min(0).max(DAY_MS).optional(),
  prefillOpenClasses: z.boolean().optional(),
});

export type SimSettingsPatch = z.input<typeof settingsPatchSchema>;

/**
 * One box's own clock and network (`PATCH /__sim/boxes/<box>/network`): each field overrides the
 * global setting for that box only; `null` hands it back to the global one.
 */
export const boxNetworkPatchSchema = z.strictObject({
  clockSkewMs: z.number().min(-DAY_MS).max(DAY_MS).nullable().optional(),
  clockDriftMsPerMinute: z.number().min(-1000).max(1000).nullable().optional(),
  latencyMs: latencyRange.nullable().optional(),
  inboundLatencyMs: latencyRange.nullable().optional(),
});

export type BoxNetworkPatch = z.input<typeof boxNetworkPatchSchema>;

const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rolling_days'), days: z.int().min(0).max(60) }),
  z.strictObject({ kind: z.literal('rolling_hours'), hours: z.number().min(0).max(60 * 24) }),
  z.strictObject({ kind: z.literal('fixed_time'), time: hourMinute, daysAhead: z.int().min(0).max(60) }),
]);

const slotSchema = z.strictObject({
  time: hourMinute,
  lengthMin: z.int().min(5).max(600).default(60),
  type: z.string().min(1),
  coach: z.string().min(1).default('Coach'),
  capacity: z.int().min(1).max(1000),
  popular: z.boolean().optional(),
});

export const createBoxSchema = z.strictObject({
  boxId: z.int().min(1).max(9_000_000),
  subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  name: z.string().trim().min(1).max(100).optional(),
  address: z.string().trim().min(1).max(200).optional(),
  timeZone: timeZone.optional(),
  rule: ruleSchema,
  minNoticeMinutes: z.int().min(0).max(10_080).optional(),
  lateCancelMinutes: z.int().min(0).max(10_080).optional(),
  maxPerDayPerType: z.int().min(0).max(100).optional(),
  waitlistCapacity: z.int().min(0).max(1000).optional(),
  waitlistWithoutInsist: z.boolean().optional(),
  classTypes: z
    .array(
      z.strictObject({
        id: z.int().positive(),
        name: z.string().trim().min(1).max(60),
        color: z.string().default('59, 130, 246'),
        description: z.string().default(''),
      }),
    )
    .min(1)
    .max(50)
    .optional(),
  timetable: z
    .strictObject({ weekday: z.array(slotSchema).default([]), saturday: z.array(slotSchema).default([]), sunday: z.array(slotSchema).default([]) })
    .optional(),
});

export const bookForMemberSchema = z
  .strictObject({
    classId: z.union([z.string().regex(/^\d{1,16}$/, 'must be a numeric class id'), z.int().positive()]).transform(String),
    email: z.email().optional(),
    userId: z.union([z.string().regex(/^\d+$/), z.int().positive()]).transform(String).optional(),
    insist: z.boolean().optional(),
  })
  .refine((input) => input.email !== undefined || input.userId !== undefined, { message: 'give email or userId', path: ['email'] });

export const classIdParam = z.string().regex(/^\d{1,16}$/, 'must be a numeric class id');
