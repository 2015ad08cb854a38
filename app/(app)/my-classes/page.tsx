import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';
import { getRequestI18n } from '@/modules/i18n/server';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { getMyClasses, myClassesTexts } from '@/modules/schedule';
import { MyClassesView } from '@/modules/schedule/components/my-classes-view';

export const metadata: Metadata = { title: 'My classes' };

/** The member's home list: rendered at once from the stored snapshot; the view then refreshes it from AimHarder. */
export default async function MyClassesPage() {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/my-classes');
  const { locale } = await getRequestI18n();
  const classes = await getMyClasses(getPrebookingDependencies(), member, locale, { waitMs: 0 });
  return (
    <>
      <h1>{myClassesTexts(locale).title}</h1>
      <MyClassesView key={locale} initial={classes} />
    </>
  );
}
