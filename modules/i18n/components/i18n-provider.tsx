'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { en, type ClientDictionary } from '../dictionary.en';
import { es } from '../dictionary.es';
import { DEFAULT_LOCALE, type Locale } from '../locale';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

// Both languages' client texts are part of the page, not a chunk loaded on demand: hydration
// waited on that chunk, and a tap made meanwhile (opening a class's second choices) was undone
// when the tree rendered again. Texts only the server renders (errors, results, sign-in, the
// header) are not here (dictionary-server.*.ts), so both languages cost about what one did.
const DICTIONARIES: Record<Locale, ClientDictionary> = { en, es };

/** Gives client components the language the server rendered with, and that language's texts. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useI18n(): { locale: Locale; t: ClientDictionary } {
  const locale = useContext(LocaleContext);
  return { locale, t: DICTIONARIES[locale] };
}
