import Link from 'next/link';
import { LocaleSwitcher, getDictionary, type Locale } from '@/modules/i18n';
import type { Member } from '@/modules/members';
import { signOutAction } from '../account.actions';
import { NavLinks, type NavItem } from './nav-links';

/** The signed-in frame: brand, sections, language and the account menu with sign-out ("forget me"). */
export function AppHeader({ member, locale }: { member: Pick<Member, 'displayName' | 'email' | 'role'>; locale: Locale }) {
  const t = getDictionary(locale);
  const items: NavItem[] = [
    { href: '/schedule', label: t.nav.schedule },
    { href: '/my-classes', label: t.nav.myClasses },
    { href: '/goals', label: t.nav.goals },
    ...(member.role === 'admin'
      ? [
          { href: '/admin', label: t.nav.health },
          { href: '/admin/prebookings', label: t.nav.allPrebookings },
        ]
      : []),
  ];
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">
        {t.common.skipToContent}
      </a>
      <div className="app-header__bar">
        <Link href="/schedule" className="brand">
          {t.common.appName}
        </Link>
        <div className="app-header__tools">
          <LocaleSwitcher />
          <details className="account-menu">
            <summary>
              <span className="sr-only">{t.nav.account}: </span>
              <span className="account-menu__name">{member.displayName || member.email}</span>
            </summary>
            <div className="account-menu__panel">
              <p className="muted">{t.nav.signedInAs(member.email)}</p>
              <form action={signOutAction} className="sign-out-form">
                <label className="checkbox">
                  <input type="checkbox" name="forget" aria-describedby="forget-hint" />
                  {t.signOut.forget}
                </label>
                <p id="forget-hint" className="hint">
                  {t.signOut.forgetHint}
                </p>
                <button type="submit" className="button button--secondary button--block">
                  {t.signOut.submit}
                </button>
              </form>
            </div>
          </details>
        </div>
      </div>
      <NavLinks items={items} label={t.nav.main} />
    </header>
  );
}
