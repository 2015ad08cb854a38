import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { BoxClockPanel, HealthDashboard, getBoxClockHealth, getExecutionHealth, healthQuerySchema, type HealthQuery } from '@/modules/admin';
import { getCurrentMember } from '@/modules/auth';
import { getRequestI18n } from '@/modules/i18n/server';
import { getPrebookingDependencies } from '@/modules/prebooking';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.admin.healthTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminHealthPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/admin');
  if (member.role !== 'admin') redirect('/schedule');
  const { locale, t } = await getRequestI18n();
  const params = await searchParams;
  const single = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);
  const [from, to] = [single(params.from), single(params.to)];
  // Both dates filled in means a custom period, whatever the select still says.
  const period = from && to ? 'custom' : single(params.period);
  const parsed = healthQuerySchema.safeParse({ period, from, to });
  const reversed = Boolean(from && to && from > to);
  const query: HealthQuery = parsed.success ? parsed.data : { period: '7d' };
  const deps = getPrebookingDependencies();
  const health = await getExecutionHealth(deps, member, query);
  const boxClocks = await getBoxClockHealth(deps, member, new Date(health.from).getTime());
  return (
    <>
      <h1>{t.admin.healthTitle}</h1>
      <p className="muted">{t.admin.healthIntro}</p>
      {parsed.success ? null : (
        <p className="feedback feedback--error" role="alert">
          {reversed ? t.healthPage.reversedRange(from!, to!) : t.errors.validation}
        </p>
      )}
      {/* The form keeps what was typed, reversed dates included, so they can be corrected. */}
      <HealthDashboard health={health} query={parsed.success ? query : { period: 'custom', from, to }} locale={locale} />
      <BoxClockPanel hosts={boxClocks} timeZone={health.timeZone} locale={locale} />
    </>
  );
}
