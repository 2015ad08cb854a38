import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';
import { getRequestI18n } from '@/modules/i18n/server';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { getScheduleDay, scheduleQuerySchema } from '@/modules/schedule';
import { ScheduleView } from '@/modules/schedule/components/schedule-view';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.schedule.title };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SchedulePage({ searchParams }: { searchParams: SearchParams }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/schedule');
  const { locale, t } = await getRequestI18n();
  const params = await searchParams;
  const query = scheduleQuerySchema.parse({ boxId: params.box, day: params.day });
  const data = await getScheduleDay(getPrebookingDependencies(), member, query, locale);
  return (
    <>
      <h1>{t.schedule.title}</h1>
      <ScheduleView data={data} />
    </>
  );
}
