import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { PrebookingTable, listAdminPrebookings } from '@/modules/admin';
import { getCurrentMember } from '@/modules/auth';
import { getRequestI18n } from '@/modules/i18n/server';
import { adminListQuerySchema, getPrebookingDependencies, type AdminListQuery } from '@/modules/prebooking';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.admin.listTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTERS = ['status', 'boxId', 'memberId', 'from', 'to', 'page'] as const;

export default async function AdminPrebookingsPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/admin/prebookings');
  if (member.role !== 'admin') redirect('/schedule');
  const { locale, t } = await getRequestI18n();
  const params = await searchParams;
  // An empty select submits "": that means "any", not an invalid value.
  const raw = Object.fromEntries(FILTERS.map((key) => [key, params[key]]).filter(([, value]) => typeof value === 'string' && value !== ''));
  const parsed = adminListQuerySchema.safeParse({ ...raw, pageSize: 25 });
  const query: AdminListQuery = parsed.success ? parsed.data : { page: 1, pageSize: 25 };
  const data = await listAdminPrebookings(getPrebookingDependencies(), member, query);
  return (
    <>
      <h1>{t.admin.listTitle}</h1>
      {parsed.success ? null : (
        <p className="feedback feedback--error" role="alert">
          {t.errors.validation}
        </p>
      )}
      <PrebookingTable data={data} query={query} locale={locale} />
    </>
  );
}
