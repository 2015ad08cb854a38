import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { safeNextPath } from '@/modules/account';
import { SignInForm } from '@/modules/account/components/sign-in-form';
import { PASSWORD_MAX_LENGTH, getCurrentMember } from '@/modules/auth';
import { LocaleSwitcher } from '@/modules/i18n';
import { getRequestI18n } from '@/modules/i18n/server';

// The tab's title in the page's language (it stayed English above Spanish pages).
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getRequestI18n();
  return { title: t.signIn.title };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const nextPath = typeof next === 'string' ? safeNextPath(next) : undefined;
  if (await getCurrentMember(getAdminDatabase())) redirect(nextPath ?? '/schedule');
  const { t } = await getRequestI18n();
  return (
    <main id="main" className="sign-in-page">
      <div className="sign-in-page__top">
        <span className="brand">{t.common.appName}</span>
        <LocaleSwitcher />
      </div>
      <div className="sign-in-card">
        <h1>{t.signIn.title}</h1>
        <p className="muted">{t.signIn.intro}</p>
        <SignInForm
          next={nextPath}
          passwordMaxLength={PASSWORD_MAX_LENGTH}
          texts={{ title: t.signIn.title, email: t.signIn.email, password: t.signIn.password, submit: t.signIn.submit, submitting: t.signIn.submitting }}
        />
        <section className="privacy-note">
          <h2>{t.signIn.privacyTitle}</h2>
          <p>{t.signIn.privacyText}</p>
        </section>
      </div>
      <p className="sign-in-page__tagline muted">{t.common.tagline}</p>
    </main>
  );
}
