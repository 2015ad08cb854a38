'use server';

import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { createPrebookingInputSchema, getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';
import { applyPreflightAction, getPreflightDependencies, preflightActionSchema } from '@/modules/preflight';
import { getDictionary } from '@/modules/i18n';
import { bookClassInputSchema, cancelBookingInputSchema, type ActionResult } from './schedule.schema';
import { bookClass, cancelBooking, cancelMemberPrebooking, prebookClass } from './schedule.service';

export async function bookClassAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('bookClass', { schema: bookClassInputSchema }, input, (member, parsed, locale) =>
    bookClass(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function cancelBookingAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('cancelBooking', { schema: cancelBookingInputSchema }, input, (member, parsed, locale) =>
    cancelBooking(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function prebookClassAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('prebookClass', { schema: createPrebookingInputSchema }, input, (member, parsed, locale) =>
    prebookClass(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function cancelPrebookingAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('cancelPrebooking', { schema: z.strictObject({ prebookingId: prebookingIdSchema }) }, input, (member, parsed, locale) =>
    cancelMemberPrebooking(getPrebookingDependencies(), member, parsed.prebookingId, locale),
  );
}

/** The one-tap fixes of a pre-flight finding on "My prebookings": check again, or move to the class's new time. */
export async function preflightFixAction(input: unknown): Promise<ActionResult> {
  const schema = z.strictObject({ prebookingId: prebookingIdSchema, action: preflightActionSchema.shape.action });
  return runSessionAction('preflightFix', { schema }, input, async (member, parsed, locale) => {
    const preflight = await applyPreflightAction(getPreflightDependencies(), member, parsed.prebookingId, parsed.action);
    const t = getDictionary(locale).preflight;
    return { ok: true, message: parsed.action === 'move' ? t.moved : t.checkedOk, kind: preflight?.state ?? 'checked' };
  });
}
