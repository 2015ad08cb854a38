'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { getDictionary } from '../dictionaries';
import type { Dictionary } from '../dictionary.en';
import { DEFAULT_LOCALE, type Locale } from '../locale';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/** Gives client components the language the server rendered with (both dictionaries are small). */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useI18n(): { locale: Locale; t: Dictionary } {
  const locale = useContext(LocaleContext);
  return { locale, t: getDictionary(locale) };
}
