import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getCurrentMember } from '@/modules/auth';
import { adminGoalsQuerySchema, getGoalsDependencies, listGoalsForAdmin } from '@/modules/goals';
import { AdminGoalsTable } from '@/modules/goals/components/admin-goals-table';
import { getRequestI18n, getRequestLocale } from '@/modules/i18n/server';
import { listMembers } from '@/modules/members';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getRequestI18n();
  return { title: locale === 'es' ? 'Objetivos por miembro' : 'Goals per member' };
}
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminGoalsPage({ searchParams }: { searchParams: SearchParams }) {
  const db = getAdminDatabase();
  const member = await getCurrentMember(db);
  if (!member) redirect('/sign-in?next=/admin/goals');
  if (member.role !== 'admin') redirect('/schedule');
  const locale = await getRequestLocale();
  const params = await searchParams;
  const parsed = adminGoalsQuerySchema.safeParse({ memberId: typeof params.memberId === 'string' && params.memberId ? params.memberId : undefined });
  const filter = parsed.success ? parsed.data : {};
  const [goals, members] = await Promise.all([listGoalsForAdmin(getGoalsDependencies(), member, filter), listMembers(db)]);
  const es = locale === 'es';
  return (
    <>
      <h1>{es ? 'Objetivos por miembro' : 'Goals per member'}</h1>
      <form method="get" className="filters">
        <label htmlFor="goal-member">{es ? 'Miembro' : 'Member'}</label>{' '}
        <select id="goal-member" name="memberId" defaultValue={filter.memberId ?? ''}>
          <option value="">{es ? 'Todos' : 'Everyone'}</option>
          {members.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.displayName} ({candidate.email})
            </option>
          ))}
        </select>{' '}
        <button type="submit">{es ? 'Mostrar' : 'Show'}</button>
      </form>
      <AdminGoalsTable goals={goals} locale={locale} />
    </>
  );
}
