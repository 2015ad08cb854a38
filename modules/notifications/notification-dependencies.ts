import 'server-only';
import { getAdminDatabase, type Database } from '@/core/database/admin-client';
import { getEnv } from '@/core/config/env';
import { createQStashPublisher, type QStashPublisher } from '@/core/qstash/qstash-publisher';
import { systemClock, type Clock } from '@/core/time/clock';
import { logger, type Logger } from '@/core/logging/logger';
import { createSecretBox, type SecretBox } from '@/core/crypto/secret-box';
import { createSmtpMailer, type Mailer } from './smtp-mailer';
import { createWebPushSender, type PushSender } from './push/web-push-sender';

export const NOTIFY_OUTCOME_ROUTE = '/api/qstash/notify-outcome';

export interface NotificationConfig {
  /** Where QStash delivers the notify job. */
  appBaseUrl: string;
  /** Where the email's links point: the host members open the app at. */
  linkBaseUrl: string;
  qstashRetries: number;
  /** How long a delivery that is being sent belongs to its sender before a redelivery may take over. */
  sendLeaseMs: number;
  /** The booking path waits at most this long for the notification to be queued. */
  enqueueTimeoutMs: number;
}

/** The web push channel: sender, the key that seals subscriptions, and its limits. */
export interface PushChannel {
  sender: PushSender;
  secretBox: SecretBox;
  /** Handed to browsers as `applicationServerKey` when they subscribe. */
  vapidPublicKey: string;
  qstashRetries: number;
  maxDevices: number;
  /** PUSH_DEV_SERVICE_ORIGIN: the local stand-in, the one endpoint origin the SSRF guard lets through. */
  devServiceOrigin?: string;
}

export interface NotificationDependencies {
  db: Database;
  clock: Clock;
  publisher: QStashPublisher;
  mailer: Mailer;
  push: PushChannel;
  config: NotificationConfig;
  logger: Logger;
}

let defaults: NotificationDependencies | undefined;

export function getNotificationDependencies(): NotificationDependencies {
  if (!defaults) {
    const env = getEnv();
    defaults = {
      db: getAdminDatabase(),
      clock: systemClock,
      publisher: createQStashPublisher(),
      mailer: createSmtpMailer(env.SMTP_URL, env.MAIL_FROM),
      push: {
        sender: createWebPushSender({ publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: env.VAPID_SUBJECT }, env.PUSH_DEV_SERVICE_ORIGIN),
        secretBox: createSecretBox(env.CREDENTIALS_ENCRYPTION_KEY),
        vapidPublicKey: env.VAPID_PUBLIC_KEY,
        qstashRetries: env.PUSH_QSTASH_RETRIES,
        maxDevices: env.PUSH_MAX_DEVICES,
        devServiceOrigin: env.PUSH_DEV_SERVICE_ORIGIN,
      },
      config: { appBaseUrl: env.APP_BASE_URL, linkBaseUrl: env.APP_LINK_BASE_URL ?? env.APP_BASE_URL, qstashRetries: env.NOTIFICATIONS_QSTASH_RETRIES, sendLeaseMs: 60_000, enqueueTimeoutMs: 2_000 },
      logger,
    };
  }
  return defaults;
}
