import { describeBookedOffset, failureReason, outcomeSubject, type Locale, type OutcomeEmailInput } from '../outcome-email';

/** What the service worker (public/sw.js) turns into a notification. Kept small: pushes carry ≤ 4 KB. */
export interface PushNotificationPayload {
  title: string;
  body: string;
  /** One notification per prebooking: a later outcome replaces the earlier one on the device. */
  tag: string;
  lang: Locale;
  /** Where tapping the notification itself goes. */
  url: string;
  actions: Array<{ action: string; title: string; url: string }>;
  prebookingId?: string;
}

export type OutcomePushInput = Omit<OutcomeEmailInput, 'memberName' | 'appBaseUrl'> & { prebookingId: string };

/** Failures a member fixes by signing in again (Prebooker lost or was refused their credentials). */
const SIGN_IN_AGAIN = new Set(['login_failed', 'credentials_missing']);

const ACTIONS = {
  en: { open: 'See prebooking', why: 'See what happened', signIn: 'Sign in again' },
  es: { open: 'Ver prerreserva', why: 'Ver qué pasó', signIn: 'Volver a iniciar sesión' },
} as const;

/**
 * The outcome as a push notification, in the member's language, with the same words as the email:
 * the title is the email's subject, the body its timing line (booked, waitlisted) or its reason
 * (failed). A failure carries its next step as the action: sign in again, or open the card.
 */
export function composeOutcomePush(input: OutcomePushInput): PushNotificationPayload {
  const labels = ACTIONS[input.locale];
  const cardUrl = `/my-classes#prebooking-${input.prebookingId}`;
  const body =
    input.outcome === 'failed'
      ? failureReason(input)
      : input.bookedOffsetMs !== null
        ? describeBookedOffset(input.bookedOffsetMs, input.bookedOnRetry, input.locale)
        : `${input.className} · ${input.boxName}`;
  const action =
    input.outcome !== 'failed'
      ? { action: 'open', title: labels.open, url: cardUrl }
      : input.resultCode && SIGN_IN_AGAIN.has(input.resultCode)
        ? { action: 'sign-in', title: labels.signIn, url: `/sign-in?next=${encodeURIComponent(cardUrl)}` }
        : { action: 'open', title: labels.why, url: cardUrl };
  return {
    title: outcomeSubject(input),
    body,
    tag: `prebooking-${input.prebookingId}`,
    lang: input.locale,
    url: cardUrl,
    actions: [action],
    prebookingId: input.prebookingId,
  };
}
