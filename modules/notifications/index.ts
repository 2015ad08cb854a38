export {
  EMAIL_PREFERENCES,
  NOTIFIED_OUTCOMES,
  notificationSettingsInputSchema,
  notifyOutcomePayloadSchema,
  type EmailPreference,
  type NotificationSettingsInput,
  type NotifiedOutcome,
  type NotifyOutcomePayload,
} from './notifications.schema';
export { NOTIFY_OUTCOME_ROUTE, getNotificationDependencies, type NotificationConfig, type NotificationDependencies } from './notification-dependencies';
export { enqueueOutcomeNotification } from './enqueue-outcome-notification.service';
export { deliverOutcomeNotification, type DeliveryResult } from './deliver-outcome-notification.service';
export { getNotificationSettings, updateNotificationSettings, type NotificationSettings } from './notification-settings.service';
export { createSmtpMailer, type Mailer, type OutgoingEmail } from './smtp-mailer';
