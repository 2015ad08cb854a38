import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getAdminDatabase } from '@/core/database/admin-client';
import { AppHeader } from '@/modules/account/components/app-header';
import { getCurrentMember } from '@/modules/auth';
import { getRequestLocale } from '@/modules/i18n/server';

/** The signed-in frame. Each page checks the session again: a layout is not re-run on every navigation. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const member = await getCurrentMember(getAdminDatabase());
  if (!member) redirect('/sign-in');
  const locale = await getRequestLocale();
  return (
    <>
      <AppHeader member={member} locale={locale} />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
