'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { getCalendarDependencies, revokeCalendarFeed, rotateCalendarFeed } from '@/modules/calendar';
import { EMAIL_PREFERENCES, getNotificationDependencies, updateNotificationSettings } from '@/modules/notifications';
import { calendarNoticeOf, type CalendarNotice, type EmailsNotice } from './goals-settings-notice';

/**
 * The goals page's two settings cards (outcome emails, calendar address) post plain forms to these
 * actions and come back to the page with what happened in the address (`?emails=saved`): the same
 * round trip with and without JavaScript, and no client code on the page for either card (the
 * goals page was over its 150 KB JavaScript budget, issue 19).
 */

const GOALS_PAGE = '/goals';
const SIGN_IN = `/sign-in?next=${encodeURIComponent(GOALS_PAGE)}`;

const field = (form: FormData, name: string): unknown => form.get(name) ?? undefined;

/** Where a settings card's form sends the member back to: the page, with the card's answer, scrolled to the card. */
function backToGoals(card: 'emails' | 'calendar', notice: EmailsNotice | CalendarNotice, anchor: string): never {
  redirect(`${GOALS_PAGE}?${card}=${notice}#${anchor}`);
}

export async function saveEmailPreferenceAction(form: FormData): Promise<void> {
  const result = await runSessionAction(
    'saveEmailPreference',
    { schema: z.strictObject({ emailOutcomes: z.enum(EMAIL_PREFERENCES) }) },
    { emailOutcomes: field(form, 'emailOutcomes') },
    async (member, input) => {
      await updateNotificationSettings(getNotificationDependencies(), member, input);
      return { ok: true as const, message: '' };
    },
  );
  if (!result.ok && result.reason === 'unauthenticated') redirect(SIGN_IN);
  backToGoals('emails', result.ok ? 'saved' : 'error', 'notifications');
}

const calendarIntentSchema = z.strictObject({ intent: z.enum(['create', 'replace', 'revoke']) });

/** Creates the member's calendar address, replaces it with a new one (the old one stops working), or turns it off. */
export async function calendarFeedAction(form: FormData): Promise<void> {
  const result = await runSessionAction('calendarFeed', { schema: calendarIntentSchema }, { intent: field(form, 'intent') }, async (member, input) => {
    const deps = getCalendarDependencies();
    if (input.intent === 'revoke') await revokeCalendarFeed(deps, member);
    else await rotateCalendarFeed(deps, member);
    return { ok: true as const, message: '', intent: input.intent };
  });
  if (!result.ok && result.reason === 'unauthenticated') redirect(SIGN_IN);
  backToGoals('calendar', result.ok ? calendarNoticeOf(result.intent) : 'error', 'calendar');
}
