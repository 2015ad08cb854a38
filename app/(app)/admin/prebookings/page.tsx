import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { PrebookingTable, getAdminDictionary, listAdminPrebookings, readDayFilters } from '@/modules/admin';
import { getCurrentMember } from '@/modules/auth';
import { getRequestLocale } from '@/modules/i18n/server';
import { adminListQuerySchema, getPrebookingDependencies, type AdminListQuery } from '@/modules/prebooking';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const t = getAdminDictionary(await getRequestLocale());
  return { title: t.admin.listTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const FILTERS = ['status', 'boxId', 'memberId', 'from', 'to', 'page'] as const;

export default async function AdminPrebookingsPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/admin/prebookings');
  if (member.role !== 'admin') redirect('/schedule');
  const locale = await getRequestLocale();
  const t = getAdminDictionary(locale);
  const params = await searchParams;
  // An empty select submits "": that means "any", not an invalid value.
  const raw: Record<string, string> = Object.fromEntries(FILTERS.map((key) => [key, params[key]]).filter(([, value]) => typeof value === 'string' && value !== ''));
  // The dates are typed in the page's language ("07/12/2026"); a shared link may carry ISO days.
  const typed = { from: raw.from, to: raw.to };
  const { from, to, unreadable } = readDayFilters(typed, locale);
  const parsed = unreadable.length === 0 ? adminListQuerySchema.safeParse({ ...raw, from, to, pageSize: 25 }) : null;
  const query: AdminListQuery = parsed?.success ? parsed.data : { page: 1, pageSize: 25 };
  const data = await listAdminPrebookings(getPrebookingDependencies(), member, query);
  return (
    <>
      <h1>{t.admin.listTitle}</h1>
      {parsed?.success ? null : (
        <p className="feedback feedback--error" role="alert">
          {unreadable[0] ? t.healthPage.notADay(unreadable[0].text) : t.errors.validation}
        </p>
      )}
      <PrebookingTable data={data} query={query} locale={locale} typed={unreadable.length > 0 ? typed : undefined} />
    </>
  );
}
