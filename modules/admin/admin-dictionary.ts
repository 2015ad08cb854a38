import { getDictionary, type Dictionary, type Locale } from '@/modules/i18n';
import { adminTexts, type AdminTexts } from './admin-texts';

/** The member dictionary and the admin pages' own texts: what admin pages and actions speak. */
export type AdminDictionary = Dictionary & AdminTexts;

const dictionaries = new Map<Locale, AdminDictionary>();

export function getAdminDictionary(locale: Locale): AdminDictionary {
  let dictionary = dictionaries.get(locale);
  if (!dictionary) {
    dictionary = { ...getDictionary(locale), ...adminTexts(locale) };
    dictionaries.set(locale, dictionary);
  }
  return dictionary;
}
