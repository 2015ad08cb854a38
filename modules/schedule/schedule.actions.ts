'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { createPrebookingInputSchema, dismissFailedPrebooking, getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';
import { applyPreflightAction, getPreflightDependencies, preflightActionSchema } from '@/modules/preflight';
import { getDictionary } from '@/modules/i18n';
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

/** The one-tap fixes of a pre-flight finding on "My prebookings": check again, or move to the class's new time. */
export async function preflightFixAction(input: unknown): Promise<ActionResult> {
  const schema = z.strictObject({ prebookingId: prebookingIdSchema, action: preflightActionSchema.shape.action });
  return runSessionAction('preflightFix', { schema }, input, async (member, parsed, locale) => {
    const preflight = await applyPreflightAction(getPreflightDependencies(), member, parsed.prebookingId, parsed.action);
    const t = getDictionary(locale).preflight;
    return { ok: true, message: parsed.action === 'move' ? t.moved : t.checkedOk, kind: preflight?.state ?? 'checked' };
  });
}

const text = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
};

/**
 * A class card's form, posted by its submit buttons (`intent`). The same function serves the
 * enhanced page (React calls it in place) and the page without JavaScript (a plain form post that
 * renders the page again with this answer), so Book, Prebook and Cancel work either way. Each
 * intent goes through its object action: the same session check and zod schema as every caller.
 */
export async function classCardFormAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult | null> {
  const intent = text(form, 'intent');
  const boxId = text(form, 'boxId');
  let result: ActionResult;
  switch (intent) {
    case 'keep':
      // "Keep my place" after a late-cancellation warning: nothing to do but drop the warning.
      return null;
    case 'book':
      result = await bookClassAction({ boxId, day: text(form, 'day'), classId: text(form, 'classId'), waitlist: text(form, 'waitlist') === 'true' });
      break;
    case 'prebook':
      result = await prebookClassAction({
        boxId,
        day: text(form, 'day'),
        classId: text(form, 'classId'),
        waitlistIfFull: text(form, 'waitlistIfFull') === 'on',
        // "Replace the other one" after an overlap answer: a prebooking now, a held booking at the opening.
        ...(text(form, 'replacePrebookingId') ? { replacePrebookingId: text(form, 'replacePrebookingId') } : {}),
        ...(text(form, 'replaceBookingId') ? { replaceBookingId: text(form, 'replaceBookingId') } : {}),
        // Second choices (issue 17): each ticked one posts "day/classId".
        alternatives: form.getAll('alternative').map((value) => {
          const [day, ...classId] = String(value).split('/');
          return { day, classId: classId.join('/') };
        }),
      });
      break;
    case 'cancel':
    case 'cancelLate':
      result = await cancelBookingAction({ boxId, reservationId: text(form, 'reservationId'), late: intent === 'cancelLate' });
      break;
    case 'cancelPrebooking':
      result = await cancelPrebookingAction({ prebookingId: text(form, 'prebookingId') });
      break;
    default:
      // An unknown intent is bad input like any other: answered (after the session check) as such.
      result = await runSessionAction('classCardForm', { schema: z.never() }, intent, async () => ({ ok: true as const, message: '' }));
  }
  if (result.ok) refreshMemberPages();
  return result;
}

/** "My prebookings"' cancel button, as a form that also works without JavaScript. */
export async function cancelPrebookingFormAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult | null> {
  const result = await cancelPrebookingAction({ prebookingId: text(form, 'prebookingId') });
  if (result.ok) refreshMemberPages();
  return result;
}

// The answer carries the pages' fresh data in the same round trip (no second request to refresh).
function refreshMemberPages(): void {
  revalidatePath('/schedule');
  revalidatePath('/my-classes');
}
