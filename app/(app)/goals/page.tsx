import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';
import { getCalendarDependencies, getCalendarFeed } from '@/modules/calendar';
import { getGoalsDependencies, listGoalBoxes, listGoalsForMember } from '@/modules/goals';
// Components are imported from their files: the module's index also serves route handlers.
import { CalendarFeedCard } from '@/modules/goals/components/calendar-feed-card';
import { GoalsManager } from '@/modules/goals/components/goals-manager';
import { readSettingsNotices } from '@/modules/goals/goals-settings-notice';
import styles from '@/modules/goals/components/goals.module.css';
import { goalsStrings } from '@/modules/goals/components/goals-texts';
import { NotificationSettingsForm } from '@/modules/goals/components/notification-settings-form';
import { getRequestI18n, getRequestLocale } from '@/modules/i18n/server';
import { getNotificationDependencies, getNotificationSettings, listPushDevices } from '@/modules/notifications';
import { PushSettingsCard } from '@/modules/notifications/components/push-settings-card';
import { pushStrings } from '@/modules/notifications/components/push-texts';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.nav.goals };
}
export const dynamic = 'force-dynamic';

export default async function GoalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/goals');
  const locale = await getRequestLocale();
  const deps = getGoalsDependencies();
  const [goals, boxes, notifications, feed, pushDevices] = await Promise.all([
    listGoalsForMember(deps, member),
    listGoalBoxes(deps, member),
    getNotificationSettings(getNotificationDependencies(), member),
    getCalendarFeed(getCalendarDependencies(), member),
    listPushDevices(getNotificationDependencies(), member),
  ]);
  // Each language's wording reaches the client components as props: the page's JavaScript carries neither (issue 19).
  const strings = goalsStrings(locale);
  // What the notification and calendar cards' last form post answered (they come back here with it).
  const notices = readSettingsNotices(await searchParams);
  return (
    <>
      <h1>{strings.title}</h1>
      {/* One container so the notification and calendar cards share the goals' width and styles. */}
      <div className={styles.goals}>
        <GoalsManager key={locale} initialGoals={goals} boxes={boxes.map((box) => ({ boxId: box.boxId, name: box.name, timeZone: box.timeZone }))} locale={locale} strings={strings} />
        <NotificationSettingsForm initial={notifications} locale={locale} strings={strings} notice={notices.emails} />
        <PushSettingsCard key={`p-${locale}`} initialPreference={notifications.pushOutcomes} publicKey={notifications.pushPublicKey} initialDevices={pushDevices} locale={locale} strings={pushStrings(locale)} />
        <CalendarFeedCard feed={feed} strings={strings} notice={notices.calendar} />
      </div>
    </>
  );
}
