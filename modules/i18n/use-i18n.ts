import { use } from 'react';
import { LocaleContext } from './components/i18n-provider';
import type { ClientDictionary } from './dictionaries';
import { enCommon } from './dictionary-common.en';
import { esCommon } from './dictionary-common.es';
import { en } from './dictionary.en';
import { es } from './dictionary.es';
import type { Locale } from './locale';

const DICTIONARIES: Record<Locale, ClientDictionary> = { en: { ...enCommon, ...en }, es: { ...esCommon, ...es } };

/**
 * The page's language and every text a client component may read (the common ones and the
 * screens': schedule, prebookings, second choices, pre-flight). Components that need only the
 * common texts use useCommonI18n, so their pages do not carry the screens' (issue 19). A public
 * entry of its own (`@/modules/i18n/use-i18n`), not re-exported by the index: the index is
 * imported by nearly every client component, and the bundler kept this module (with its texts)
 * in each of their pages.
 */
export function useI18n(): { locale: Locale; t: ClientDictionary } {
  const locale = use(LocaleContext);
  return { locale, t: DICTIONARIES[locale] };
}
