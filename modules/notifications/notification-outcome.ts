import type { EmailPreference, NotifiablePrebooking, NotifiedOutcome } from './notifications.schema';

/**
 * What a stored prebooking result means for the member: null while it has not ended, and for
 * cancellations (the member or an admin did it, or a goal edit; nobody needs an email about it).
 */
export function classifyOutcome(status: string, resultCode: string | null): NotifiedOutcome | null {
  if (status === 'completed') return resultCode === 'waitlisted' ? 'waitlisted' : 'booked';
  if (status === 'failed') return 'failed';
  return null;
}

/** Whether a channel set to `preference` carries this outcome (email and push alike). */
export function wantsOutcome(preference: EmailPreference, outcome: NotifiedOutcome): boolean {
  if (preference === 'all') return true;
  if (preference === 'failures') return outcome === 'failed';
  return false;
}

export const wantsEmail = wantsOutcome;

/** QStash deduplication id: one message per prebooking outcome (no colons or spaces allowed). */
export function notificationDeduplicationId(prebookingId: string, outcome: NotifiedOutcome): string {
  return `notify-${prebookingId}-${outcome}`;
}

/**
 * The timing every channel tells the member (email and push call this one function, so they always
 * agree): fired_at − available_at, how precisely the booking request hit the opening instant.
 */
export function fireOffsetMsOf(prebooking: Pick<NotifiablePrebooking, 'firedAt' | 'availableAt'>): number | null {
  return prebooking.firedAt ? new Date(prebooking.firedAt).getTime() - new Date(prebooking.availableAt).getTime() : null;
}

/** The push message's QStash deduplication id, apart from the email's (kept as it was). */
export function channelDeduplicationId(prebookingId: string, outcome: NotifiedOutcome, channel: 'email' | 'push'): string {
  const base = notificationDeduplicationId(prebookingId, outcome);
  return channel === 'email' ? base : `${base}-${channel}`;
}
