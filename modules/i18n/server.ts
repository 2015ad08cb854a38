import 'server-only';
import { cookies, headers } from 'next/headers';
import { getDictionary } from './dictionaries';
import type { Dictionary } from './dictionaries';
import { LOCALE_COOKIE_NAME, resolveLocale, type Locale } from './locale';

/**
 * The server entry point of the i18n module (index.ts stays importable by client components):
 * the language of the current request, from the switcher's cookie, else Accept-Language.
 */
export async function getRequestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return resolveLocale(cookieStore.get(LOCALE_COOKIE_NAME)?.value, headerList.get('accept-language'));
}

export async function getRequestI18n(): Promise<{ locale: Locale; t: Dictionary }> {
  const locale = await getRequestLocale();
  return { locale, t: getDictionary(locale) };
}
