import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { isAppError } from '@/core/http/app-error';
import { PrebookingDetailView, getAdminDictionary, getAdminPrebookingDetail } from '@/modules/admin';
import { getCurrentMember } from '@/modules/auth';
import { getRequestLocale } from '@/modules/i18n/server';
import { getPrebookingDependencies, prebookingIdSchema } from '@/modules/prebooking';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const t = getAdminDictionary(await getRequestLocale());
  return { title: t.admin.detailTitle };
}

export default async function AdminPrebookingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect(`/sign-in?next=/admin/prebookings/${encodeURIComponent(id)}`);
  if (member.role !== 'admin') redirect('/schedule');
  if (!prebookingIdSchema.safeParse(id).success) notFound();
  const locale = await getRequestLocale();
  const t = getAdminDictionary(locale);
  const detail = await getAdminPrebookingDetail(getPrebookingDependencies(), member, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  });
  return (
    <>
      <h1>
        {t.admin.detailTitle}: {detail.prebooking.className}
      </h1>
      <PrebookingDetailView detail={detail} locale={locale} />
    </>
  );
}
