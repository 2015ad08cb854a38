import { z } from 'zod';

/** Which outcome emails a member wants: every outcome, only failures, or none. */
export const EMAIL_PREFERENCES = ['all', 'failures', 'none'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

/** How a prebooking ended, as far as the member is told. Cancellations are the member's own doing. */
export const NOTIFIED_OUTCOMES = ['booked', 'waitlisted', 'failed'] as const;
export type NotifiedOutcome = (typeof NOTIFIED_OUTCOMES)[number];

export const notificationSettingsInputSchema = z.strictObject({
  emailOutcomes: z.enum(EMAIL_PREFERENCES, { message: 'must be one of all, failures, none' }),
});
export type NotificationSettingsInput = z.infer<typeof notificationSettingsInputSchema>;

/** The body of a notify-outcome QStash message. */
export const notifyOutcomePayloadSchema = z.strictObject({
  prebookingId: z.uuid({ message: 'must be a prebooking id' }),
  outcome: z.enum(NOTIFIED_OUTCOMES),
});
export type NotifyOutcomePayload = z.infer<typeof notifyOutcomePayloadSchema>;

/** The prebooking as the notifier reads it (its own query: this module never imports prebooking). */
export interface NotifiablePrebooking {
  id: string;
  memberId: string;
  boxName: string;
  boxTimeZone: string;
  className: string;
  classDay: string;
  classStartTime: string;
  availableAt: string;
  firedAt: string | null;
  /** The request that got the place (null: not booked, or found already held); see the prebooking module. */
  bookedAt: string | null;
  bookedOnRetry: boolean;
  status: string;
  resultCode: string | null;
  resultMessage: string | null;
}

export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'skipped';

export interface NotificationDelivery {
  id: string;
  prebookingId: string;
  memberId: string;
  outcome: NotifiedOutcome;
  status: DeliveryStatus;
  claimToken: string | null;
  claimedAt: string | null;
  attempts: number;
  sentAt: string | null;
  skipReason: string | null;
  lastError: string | null;
}
