'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { enCommon, type CommonDictionary } from '../dictionary-common.en';
import { esCommon } from '../dictionary-common.es';
import { DEFAULT_LOCALE, type Locale } from '../locale';

export const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

// The texts are plain modules of the page, not a chunk loaded on demand: hydration waited on that
// chunk, and a tap made meanwhile (opening a class's second choices) was undone when the tree
// rendered again. Both languages ship, but only what the page's client code reads: the common
// texts here (in every page), the screens' in use-i18n.ts (only where a schedule or prebooking is
// shown), and none of the texts only the server renders (dictionary-server.*.ts) (issue 19).
const COMMON: Record<Locale, CommonDictionary> = { en: enCommon, es: esCommon };

/** Gives client components the language the server rendered with. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/** The page's language and the texts every page may need (generic errors, shared form answers). */
export function useCommonI18n(): { locale: Locale; t: CommonDictionary } {
  const locale = useContext(LocaleContext);
  return { locale, t: COMMON[locale] };
}
