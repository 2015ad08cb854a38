'use client';

import dynamic from 'next/dynamic';
import { createContext, useContext, type ComponentType, type ReactNode } from 'react';
import type { Dictionary } from '../dictionary.en';
import { DEFAULT_LOCALE, type Locale } from '../locale';
import { DictionaryContext } from './dictionary-context';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

// One language's texts per page: each dictionary is its own chunk, loaded only for the language
// rendered (the server preloads it with the page). Both languages in every page's JavaScript
// were ~6 KB compressed of the 150 KB budget of a member page (issue 19).
const LANGUAGE_TEXTS: Record<Locale, ComponentType<{ children: ReactNode }>> = {
  en: dynamic(() => import('./english-texts')),
  es: dynamic(() => import('./spanish-texts')),
};

/** Gives client components the language the server rendered with, and that language's texts. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const Texts = LANGUAGE_TEXTS[locale];
  return (
    <LocaleContext.Provider value={locale}>
      <Texts>{children}</Texts>
    </LocaleContext.Provider>
  );
}

export function useI18n(): { locale: Locale; t: Dictionary } {
  const locale = useContext(LocaleContext);
  const t = useContext(DictionaryContext);
  if (!t) throw new Error('useI18n needs <I18nProvider> above it (the root layout renders one).');
  return { locale, t };
}
