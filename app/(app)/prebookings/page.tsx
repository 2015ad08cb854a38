import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';
import { getRequestI18n } from '@/modules/i18n/server';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { PrebookingList, listPrebookingCards } from '@/modules/schedule';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.prebookings.title };
}

export default async function MyPrebookingsPage() {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/prebookings');
  const { locale, t } = await getRequestI18n();
  const cards = await listPrebookingCards(getPrebookingDependencies(), member, locale);
  return (
    <>
      <h1>{t.prebookings.title}</h1>
      <PrebookingList key={locale} initial={cards} />
    </>
  );
}
