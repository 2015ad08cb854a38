'use server';

import { z } from 'zod';
import { createPrebookingInputSchema, getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';
import { runMemberAction } from './run-member-action';
import { bookClassInputSchema, cancelBookingInputSchema, type ActionResult } from './schedule.schema';
import { bookClass, cancelBooking, cancelMemberPrebooking, prebookClass } from './schedule.service';

export async function bookClassAction(input: unknown): Promise<ActionResult> {
  return runMemberAction('bookClass', bookClassInputSchema, input, (member, parsed, locale) =>
    bookClass(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function cancelBookingAction(input: unknown): Promise<ActionResult> {
  return runMemberAction('cancelBooking', cancelBookingInputSchema, input, (member, parsed, locale) =>
    cancelBooking(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function prebookClassAction(input: unknown): Promise<ActionResult> {
  return runMemberAction('prebookClass', createPrebookingInputSchema, input, (member, parsed, locale) =>
    prebookClass(getPrebookingDependencies(), member, parsed, locale),
  );
}

export async function cancelPrebookingAction(input: unknown): Promise<ActionResult> {
  return runMemberAction('cancelPrebooking', z.strictObject({ prebookingId: prebookingIdSchema }), input, (member, parsed, locale) =>
    cancelMemberPrebooking(getPrebookingDependencies(), member, parsed.prebookingId, locale),
  );
}
