import type { EmailPreference, NotifiedOutcome } from './notifications.schema';

/**
 * What a stored prebooking result means for the member: null while it has not ended, and for
 * cancellations (the member or an admin did it, or a goal edit; nobody needs an email about it).
 */
export function classifyOutcome(status: string, resultCode: string | null): NotifiedOutcome | null {
  if (status === 'completed') return resultCode === 'waitlisted' ? 'waitlisted' : 'booked';
  if (status === 'failed') return 'failed';
  return null;
}

export function wantsEmail(preference: EmailPreference, outcome: NotifiedOutcome): boolean {
  if (preference === 'all') return true;
  if (preference === 'failures') return outcome === 'failed';
  return false;
}

/** QStash deduplication id: one message per prebooking outcome (no colons or spaces allowed). */
export function notificationDeduplicationId(prebookingId: string, outcome: NotifiedOutcome): string {
  return `notify-${prebookingId}-${outcome}`;
}
