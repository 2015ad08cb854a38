'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { setLocaleAction } from '../i18n.actions';
import { LOCALES, type Locale } from '../locale';
import { useCommonI18n } from './i18n-provider';

const NAMES: Record<Locale, { short: string; long: string }> = {
  en: { short: 'EN', long: 'English' },
  es: { short: 'ES', long: 'Español' },
};

/** EN | ES toggle: stores the choice, then re-renders the page in place. */
export function LocaleSwitcher() {
  const { locale, t } = useCommonI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div className="locale-switcher" role="group" aria-label={t.common.language}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === locale}
          aria-label={NAMES[option].long}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              if (option === locale) return;
              await setLocaleAction(option);
              router.refresh();
            })
          }
        >
          {NAMES[option].short}
        </button>
      ))}
    </div>
  );
}
