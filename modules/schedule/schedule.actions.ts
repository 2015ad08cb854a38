'use server';

import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { createPrebookingInputSchema, dismissFailedPrebooking, getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';
import { bookClassInputSchema, cancelBookingInputSchema, type ActionResult } from './schedule.schema';
import { bookClass, cancelBooking, cancelMemberPrebooking, prebookClass, prebookNextSameName } from './schedule.service';

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

const prebookingRef = z.strictObject({ prebookingId: prebookingIdSchema });

/** A failed prebooking's "prebook the next one" (the next class with the same name). */
export async function prebookNextAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('prebookNext', { schema: prebookingRef }, input, (member, parsed, locale) =>
    prebookNextSameName(getPrebookingDependencies(), member, parsed.prebookingId, locale),
  );
}

/** A failed prebooking's "dismiss": it stays in the history without a next step. */
export async function dismissPrebookingAction(input: unknown): Promise<ActionResult> {
  return runSessionAction('dismissPrebooking', { schema: prebookingRef }, input, async (member, parsed) => {
    await dismissFailedPrebooking(getPrebookingDependencies(), member, parsed.prebookingId);
    return { ok: true, message: '', kind: 'dismissed' };
  });
}

