import type { Member } from '@/modules/members';
import type { NotificationDependencies } from './notification-dependencies';
import { findEmailPreference, saveEmailPreference } from './notifications.repository';
import type { EmailPreference, NotificationSettingsInput } from './notifications.schema';

export interface NotificationSettings {
  emailOutcomes: EmailPreference;
  /** Where the emails go: the member's AimHarder email. */
  email: string;
  /** False when this deployment has no SMTP server: nothing is sent whatever the preference. */
  emailEnabled: boolean;
}

export async function getNotificationSettings(deps: Pick<NotificationDependencies, 'db' | 'mailer'>, member: Member): Promise<NotificationSettings> {
  return { emailOutcomes: await findEmailPreference(deps.db, member.id), email: member.email, emailEnabled: deps.mailer.configured };
}

export async function updateNotificationSettings(
  deps: Pick<NotificationDependencies, 'db' | 'mailer'>,
  member: Member,
  input: NotificationSettingsInput,
): Promise<NotificationSettings> {
  await saveEmailPreference(deps.db, member.id, input.emailOutcomes);
  return getNotificationSettings(deps, member);
}
