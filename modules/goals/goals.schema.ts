import { z } from 'zod';
import type { Locale } from '@/modules/i18n';

/**
 * What a member is told about a bad date or time, in the request's language: the goals page shows
 * these under the field (the API's English ones alone stood on Spanish pages). Days are ISO
 * ("2026-11-30"): the page turns what was typed ("30/11/2026") into one before sending.
 */
const fieldMessages = {
  en: {
    day: 'must be a date like 2026-11-30',
    dayRange: 'must be between 2000-01-01 and 2999-12-31',
    endsBeforeStart: 'must not end before it starts',
    longerThanYear: 'must be at most a year long',
    time: 'must be a time like 18:00',
  },
  es: {
    day: 'debe ser una fecha como 2026-11-30',
    dayRange: 'debe estar entre 2000-01-01 y 2999-12-31',
    endsBeforeStart: 'no puede terminar antes de empezar',
    longerThanYear: 'puede durar como mucho un año',
    time: 'debe ser una hora como 18:00',
  },
} satisfies Record<Locale, Record<string, string>>;
type FieldMessages = (typeof fieldMessages)['en'];

// Bounded at the boundary: the zone arithmetic reads years below 100 as 19xx and cannot format years
// past 9999, so a well-formed "0001-01-01" used to end as a 500/502 instead of a 400. A text that is no
// date at all gets only the first message.
const dayStringOf = (messages: FieldMessages) =>
  z.iso.date({ message: messages.day, abort: true }).refine((day) => day >= '2000-01-01' && day <= '2999-12-31', { message: messages.dayRange });

export const CLASS_NAME_MATCHES = ['exact', 'contains'] as const;
export type ClassNameMatch = (typeof CLASS_NAME_MATCHES)[number];

export const OCCURRENCE_OUTCOMES = [
  'prebooked',
  'already_prebooked',
  'already_booked',
  'skipped',
  'no_matching_class',
  'member_cancelled',
  'ended',
  'error',
] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

const skipRangeSchemaOf = (messages: FieldMessages) =>
  z
    .strictObject({
      from: dayStringOf(messages),
      to: dayStringOf(messages).optional(),
      note: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    })
    .refine((skip) => !skip.to || skip.to >= skip.from, { message: messages.endsBeforeStart, path: ['to'] })
    .refine((skip) => !skip.to || Date.parse(skip.to) - Date.parse(skip.from) <= 366 * 86_400_000, { message: messages.longerThanYear, path: ['to'] });
export const skipRangeSchema = skipRangeSchemaOf(fieldMessages.en);

const timeOfDayOf = (messages: FieldMessages) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, messages.time);
const classNameText = z.string().trim().min(1, 'give the class name, e.g. WOD').max(60, 'must be at most 60 characters');

/** As many as a prebooking can carry (its alternatives are made from these). */
export const MAX_GOAL_ALTERNATIVES = 5;

const goalAlternativeSchemaOf = (messages: FieldMessages) => z.strictObject({ startTime: timeOfDayOf(messages), className: classNameText });
/** One fallback of a goal: another class of the same day, tried in order when the first is full. */
export const goalAlternativeSchema = goalAlternativeSchemaOf(fieldMessages.en);
export type GoalAlternative = z.infer<typeof goalAlternativeSchema>;

const sameClass = (a: { startTime: string; className: string }, b: { startTime: string; className: string }) =>
  a.startTime === b.startTime && a.className.trim().toLocaleLowerCase('es') === b.className.trim().toLocaleLowerCase('es');

const alternativesSchemaOf = (messages: FieldMessages) =>
  z
    .array(goalAlternativeSchemaOf(messages))
    .max(MAX_GOAL_ALTERNATIVES, `at most ${MAX_GOAL_ALTERNATIVES} fallback classes`)
    .superRefine((alternatives, context) => {
      alternatives.forEach((alternative, index) => {
        if (alternatives.slice(0, index).some((earlier) => sameClass(earlier, alternative))) {
          context.addIssue({ code: 'custom', path: [index], message: `${alternative.startTime} ${alternative.className} is listed twice` });
        }
      });
    });

/** A fallback that names the goal's own class adds nothing (checked where both are known). */
function refuseFirstChoiceAsAlternative(goal: { startTime?: string; className?: string; alternatives?: GoalAlternative[] }, context: z.RefinementCtx): void {
  if (!goal.alternatives || goal.startTime === undefined || goal.className === undefined) return;
  const first = { startTime: goal.startTime, className: goal.className };
  goal.alternatives.forEach((alternative, index) => {
    if (sameClass(alternative, first)) context.addIssue({ code: 'custom', path: ['alternatives', index], message: 'is the goal’s own class; a fallback must be another class' });
  });
}

/** Editable fields; `create` adds defaults, `patch` makes all of them optional. */
function goalShapeOf(messages: FieldMessages) {
  return {
    // AimHarder box ids are PostgreSQL integers: a larger number used to reach the database and fail there (503).
    boxId: z.coerce.number().int().positive({ message: 'must be an AimHarder box id' }).max(2_147_483_647, { message: 'must be an AimHarder box id' }),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    weekdays: z
      .array(z.int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'))
      .min(1, 'choose at least one weekday')
      .max(7)
      .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    startTime: timeOfDayOf(messages),
    className: classNameText,
    classNameMatch: z.enum(CLASS_NAME_MATCHES),
    waitlistIfFull: z.boolean(),
    active: z.boolean(),
    skips: z.array(skipRangeSchemaOf(messages)).max(50, 'at most 50 skip dates or ranges'),
    /** Ordered fallbacks on the same day: "18:00 WOD, else 19:00 WOD". */
    alternatives: alternativesSchemaOf(messages),
    /** Book the goal's class at once when it is already open as the goal is saved. */
    bookIfOpen: z.boolean(),
  };
}

function goalInputSchemasOf(messages: FieldMessages) {
  const goalShape = goalShapeOf(messages);
  const create = z
    .strictObject({
      ...goalShape,
      classNameMatch: goalShape.classNameMatch.default('exact'),
      waitlistIfFull: goalShape.waitlistIfFull.default(false),
      active: goalShape.active.default(true),
      skips: goalShape.skips.default([]),
      alternatives: goalShape.alternatives.default([]),
      bookIfOpen: goalShape.bookIfOpen.default(false),
    })
    .superRefine(refuseFirstChoiceAsAlternative);
  const update = z
    .strictObject(goalShape)
    .partial()
    .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' })
    // Only when the patch names the first choice too; the service checks the stored one otherwise.
    .superRefine(refuseFirstChoiceAsAlternative);
  return { create, update };
}

const goalInputSchemas = { en: goalInputSchemasOf(fieldMessages.en), es: goalInputSchemasOf(fieldMessages.es) };

/** The goal routes' input schemas, their date and time messages in the member's language. */
export function goalInputSchemasFor(locale: Locale) {
  return goalInputSchemas[locale];
}

export const createGoalInputSchema = goalInputSchemas.en.create;
export type CreateGoalInput = z.infer<typeof createGoalInputSchema>;

export const updateGoalInputSchema = goalInputSchemas.en.update;
export type UpdateGoalInput = z.infer<typeof updateGoalInputSchema>;

export const goalIdSchema = z.uuid({ message: 'must be a goal id' });

export const adminGoalsQuerySchema = z.strictObject({ memberId: z.uuid({ message: 'must be a member id' }).optional() });

/** The daily schedule sends `{reason}` (fan out to every active goal); a fan-out message `{goalId}`. */
export const materializePayloadSchema = z.union([
  z.strictObject({ goalId: goalIdSchema }),
  z.strictObject({ reason: z.string().max(100).optional() }),
]);
export type MaterializePayload = z.infer<typeof materializePayloadSchema>;

export interface SkipRange {
  from: string;
  to: string;
  note: string | null;
}

export interface GoalFields {
  boxId: number;
  weekdays: number[];
  startTime: string;
  className: string;
  classNameMatch: ClassNameMatch;
  waitlistIfFull: boolean;
  active: boolean;
  alternatives: GoalAlternative[];
  bookIfOpen: boolean;
}

export interface Goal extends GoalFields {
  id: string;
  memberId: string;
  revision: number;
  skips: SkipRange[];
  lastMaterializedAt: string | null;
  lastRunError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GoalOccurrence {
  goalId: string;
  classDay: string;
  outcome: OccurrenceOutcome;
  classId: string | null;
  prebookingId: string | null;
  detail: string;
  evaluatedAt: string;
}

/** A class of the box's timetable, as the goal module needs it. */
export interface TimetableClass {
  id: string;
  name: string;
  startTime: string;
  memberState: 'none' | 'booked' | 'waitlisted';
}

/** What a goal already has on a class day (any prebooking of the member, manual or goal). */
export interface ExistingPrebooking {
  id: string;
  classId: string;
  classStartTime: string;
  className: string;
  status: string;
  resultCode: string | null;
  goalId: string | null;
}
