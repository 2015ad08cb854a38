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
 * agree): the offset of the request that actually got the place (booked_at − available_at), and
 * whether it was a retry rather than the request at the opening.
 */
export function bookedTimingOf(prebooking: Pick<NotifiablePrebooking, 'bookedAt' | 'availableAt' | 'bookedOnRetry'>): { bookedOffsetMs: number | null; bookedOnRetry: boolean } {
  return {
    bookedOffsetMs: prebooking.bookedAt ? new Date(prebooking.bookedAt).getTime() - new Date(prebooking.availableAt).getTime() : null,
    bookedOnRetry: prebooking.bookedOnRetry,
  };
}

/** The push message's QStash deduplication id, apart from the email's (kept as it was). */
export function channelDeduplicationId(prebookingId: string, outcome: NotifiedOutcome, channel: 'email' | 'push'): string {
  const base = notificationDeduplicationId(prebookingId, outcome);
  return channel === 'email' ? base : `${base}-${channel}`;
}
