export {
  EMAIL_PREFERENCES,
  NOTIFICATION_CHANNELS,
  NOTIFIED_OUTCOMES,
  notificationSettingsInputSchema,
  notifyOutcomePayloadSchema,
  type EmailPreference,
  type NotificationChannel,
  type NotificationSettingsInput,
  type NotifiedOutcome,
  type NotifyOutcomePayload,
  type PushPreference,
} from './notifications.schema';
export { NOTIFY_OUTCOME_ROUTE, getNotificationDependencies, type NotificationConfig, type NotificationDependencies, type PushChannel } from './notification-dependencies';
export { enqueueOutcomeNotification } from './enqueue-outcome-notification.service';
export { deliverOutcomeNotification, type DeliveryResult } from './deliver-outcome-notification.service';
export { deliverOutcomePush } from './push/deliver-outcome-push.service';
export { getNotificationSettings, updateNotificationSettings, type NotificationSettings } from './notification-settings.service';
export { createSmtpMailer, type Mailer, type OutgoingEmail } from './smtp-mailer';
export { pushSubscriptionInputSchema, pushDeviceIdSchema, type PushDevice, type PushSubscriptionInput } from './push/push-subscription.schema';
export { savePushSubscription, listPushDevices, removePushDevice } from './push/push-subscriptions.service';
export { sendPreflightWarningPush, type PreflightWarningPush, type PreflightWarningPushResult } from './push/send-preflight-warning-push';
