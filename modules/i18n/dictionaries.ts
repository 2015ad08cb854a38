import { en, type Dictionary } from './dictionary.en';
import { es } from './dictionary.es';
import type { Locale } from './locale';

const DICTIONARIES: Record<Locale, Dictionary> = { en, es };

export function getDictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

/**
 * A member-readable text for a failed request: English keeps the server's own message (it names
 * the class or prebooking); Spanish translates by the error's reason, then its code.
 */
export function localizeError(error: { code?: string; reason?: string; message?: string }, locale: Locale): string {
  const dictionary = DICTIONARIES[locale];
  if (locale === 'en' && error.message) return error.message;
  return (error.reason && dictionary.errors[error.reason]) || (error.code && dictionary.errors[error.code]) || dictionary.common.genericError;
}

/**
 * Why a prebooking or booking ended, for a result code (Prebooker's or AimHarder's). The stored
 * message is English and may carry details (HTTP status, retries): English shows it as it is,
 * other languages translate by code and fall back to it.
 */
export function resultText(code: string | null, locale: Locale, storedMessage?: string | null): string | null {
  if (locale === 'en' && storedMessage) return storedMessage;
  if (!code) return storedMessage ?? null;
  return DICTIONARIES[locale].results[code] ?? storedMessage ?? code;
}
