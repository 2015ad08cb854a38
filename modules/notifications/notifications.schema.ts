import type { SwapFacts } from '@/modules/i18n';
import { z } from 'zod';

/** Which outcome emails a member wants: every outcome, only failures, or none. */
export const EMAIL_PREFERENCES = ['all', 'failures', 'none'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

/** How a prebooking ended, as far as the member is told. Cancellations are the member's own doing. */
export const NOTIFIED_OUTCOMES = ['booked', 'waitlisted', 'failed'] as const;
export type NotifiedOutcome = (typeof NOTIFIED_OUTCOMES)[number];

/** The same three choices for push notifications, set apart from email's. */
export type PushPreference = EmailPreference;

/** The channels an outcome goes out on; each gets its own QStash message and delivery row. */
export const NOTIFICATION_CHANNELS = ['email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const preferenceSchema = z.enum(EMAIL_PREFERENCES, { message: 'must be one of all, failures, none' });

/** Either channel's preference, or both; at least one. */
export const notificationSettingsInputSchema = z
  .strictObject({ emailOutcomes: preferenceSchema.optional(), pushOutcomes: preferenceSchema.optional() })
  .refine((input) => input.emailOutcomes !== undefined || input.pushOutcomes !== undefined, { message: 'give emailOutcomes, pushOutcomes or both', path: ['emailOutcomes'] });
export type NotificationSettingsInput = z.infer<typeof notificationSettingsInputSchema>;

/** The body of a notify-outcome QStash message. */
export const notifyOutcomePayloadSchema = z.strictObject({
  prebookingId: z.uuid({ message: 'must be a prebooking id' }),
  outcome: z.enum(NOTIFIED_OUTCOMES),
  // Messages queued before push existed carry no channel: they were emails.
  channel: z.enum(NOTIFICATION_CHANNELS).default('email'),
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
  /** A booking held at the same hour that this prebooking replaced at the instant (issue 13). */
  replacesBooking: SwapFacts | null;
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
