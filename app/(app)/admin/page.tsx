import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { BoxClockPanel, HealthDashboard, getAdminDictionary, getBoxClockHealth, getExecutionHealth, healthQuerySchema, readDayFilters, type HealthQuery } from '@/modules/admin';
import { getCurrentMember } from '@/modules/auth';
import { formatDayInput } from '@/modules/i18n';
import { getRequestLocale } from '@/modules/i18n/server';
import { getPrebookingDependencies } from '@/modules/prebooking';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const t = getAdminDictionary(await getRequestLocale());
  return { title: t.admin.healthTitle };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminHealthPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in?next=/admin');
  if (member.role !== 'admin') redirect('/schedule');
  const locale = await getRequestLocale();
  const t = getAdminDictionary(locale);
  const params = await searchParams;
  const single = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);
  // Typed in the page's language ("07/12/2026"); a shared link may carry ISO days.
  const typed = { from: single(params.from), to: single(params.to) };
  const { from, to, unreadable } = readDayFilters(typed, locale);
  // Both dates filled in means a custom period, whatever the select still says.
  const period = from && to ? 'custom' : single(params.period);
  const parsed = unreadable.length === 0 ? healthQuerySchema.safeParse({ period, from, to }) : null;
  const reversed = Boolean(from && to && from > to);
  const query: HealthQuery = parsed?.success ? parsed.data : { period: '7d' };
  const deps = getPrebookingDependencies();
  const health = await getExecutionHealth(deps, member, query);
  const boxClocks = await getBoxClockHealth(deps, member, new Date(health.from).getTime());
  return (
    <>
      <h1>{t.admin.healthTitle}</h1>
      <p className="muted">{t.admin.healthIntro}</p>
      {parsed?.success ? null : (
        <p className="feedback feedback--error" role="alert">
          {unreadable[0]
            ? t.healthPage.notADay(unreadable[0].text)
            : reversed
              ? t.healthPage.reversedRange(formatDayInput(from, locale), formatDayInput(to, locale))
              : t.errors.validation}
        </p>
      )}
      {/* The form keeps what was typed, reversed or unreadable dates included, so they can be corrected. */}
      <HealthDashboard health={health} query={parsed?.success ? query : { period: 'custom', from: from ?? typed.from, to: to ?? typed.to }} locale={locale} />
      <BoxClockPanel hosts={boxClocks} timeZone={health.timeZone} locale={locale} />
    </>
  );
}
