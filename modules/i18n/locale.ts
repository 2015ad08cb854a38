export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Set by the language switcher; wins over the browser's Accept-Language. */
export const LOCALE_COOKIE_NAME = 'prebooker_locale';
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best supported language of an Accept-Language header ("es-ES,es;q=0.9,en;q=0.8"), by
 * quality and then by order; null when none is supported.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const candidates = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((candidate) => candidate.quality > 0 && isLocale(candidate.language))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const best = candidates[0]?.language;
  return isLocale(best) ? best : null;
}

/** The language to render: the switcher's cookie, else the browser's preference, else English. */
export function resolveLocale(cookieValue: string | null | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The BCP 47 tag Intl formats with: day-month order and a 24-hour clock in both languages. */
export function intlTag(locale: Locale): string {
  return locale === 'es' ? 'es-ES' : 'en-GB';
}

/** The language of a route-handler request (its Cookie and Accept-Language headers). */
export function localeOfRequest(request: Request): Locale {
  const cookie = request.headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === LOCALE_COOKIE_NAME)?.[1];
  return resolveLocale(cookie, request.headers.get('accept-language'));
}
