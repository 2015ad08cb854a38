import 'server-only';
import { getAdminDatabase, type Database } from '@/core/database/admin-client';
import { getEnv } from '@/core/config/env';
import { createQStashPublisher, type QStashPublisher } from '@/core/qstash/qstash-publisher';
import { systemClock, type Clock } from '@/core/time/clock';
import { logger, type Logger } from '@/core/logging/logger';
import { createSmtpMailer, type Mailer } from './smtp-mailer';

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

export interface NotificationDependencies {
  db: Database;
  clock: Clock;
  publisher: QStashPublisher;
  mailer: Mailer;
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
      config: { appBaseUrl: env.APP_BASE_URL, linkBaseUrl: env.APP_LINK_BASE_URL ?? env.APP_BASE_URL, qstashRetries: env.NOTIFICATIONS_QSTASH_RETRIES, sendLeaseMs: 60_000, enqueueTimeoutMs: 2_000 },
      logger,
    };
  }
  return defaults;
}
