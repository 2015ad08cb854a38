'use server';

import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { createPrebookingInputSchema, getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';
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
