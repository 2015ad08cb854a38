import type { Member } from '@/modules/members';
import type { NotificationDependencies } from './notification-dependencies';
import { findEmailPreference, saveEmailPreference } from './notifications.repository';
import type { EmailPreference, NotificationSettingsInput, PushPreference } from './notifications.schema';
import { findPushPreference, savePushPreference } from './push/push-subscriptions.repository';

export interface NotificationSettings {
  emailOutcomes: EmailPreference;
  /** Where the emails go: the member's AimHarder email. */
  email: string;
  /** False when this deployment has no SMTP server: nothing is sent whatever the preference. */
  emailEnabled: boolean;
  pushOutcomes: PushPreference;
  /** The VAPID public key a browser subscribes with (`applicationServerKey`). */
  pushPublicKey: string;
}

type Deps = Pick<NotificationDependencies, 'db' | 'mailer' | 'push'>;

export async function getNotificationSettings(deps: Deps, member: Member): Promise<NotificationSettings> {
  const [emailOutcomes, pushOutcomes] = await Promise.all([findEmailPreference(deps.db, member.id), findPushPreference(deps.db, member.id)]);
  return { emailOutcomes, email: member.email, emailEnabled: deps.mailer.configured, pushOutcomes, pushPublicKey: deps.push.vapidPublicKey };
}

export async function updateNotificationSettings(deps: Deps, member: Member, input: NotificationSettingsInput): Promise<NotificationSettings> {
  if (input.emailOutcomes) await saveEmailPreference(deps.db, member.id, input.emailOutcomes);
  if (input.pushOutcomes) await savePushPreference(deps.db, member.id, input.pushOutcomes);
  return getNotificationSettings(deps, member);
}
