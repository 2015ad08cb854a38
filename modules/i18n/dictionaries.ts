import { enCommon, type CommonDictionary } from './dictionary-common.en';
import { esCommon } from './dictionary-common.es';
import { en, type ScreenDictionary } from './dictionary.en';
import { es } from './dictionary.es';
import { enServer, type ServerDictionary } from './dictionary-server.en';
import { esServer } from './dictionary-server.es';
import type { Locale } from './locale';

/** Every text of the web app in one language: what the browser needs and what only the server renders. */
export type Dictionary = ClientDictionary & ServerDictionary;
/** What client components read: the common texts (useCommonI18n) and the screens' (useI18n). */
export type ClientDictionary = CommonDictionary & ScreenDictionary;
export type { CommonDictionary };

const DICTIONARIES: Record<Locale, Dictionary> = { en: { ...enCommon, ...en, ...enServer }, es: { ...esCommon, ...es, ...esServer } };

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

/** The replaced booking of a prebooking, as far as its note needs it. */
export interface SwapFacts {
  classStartTime: string;
  className: string;
  /** Absent until the prebooking fired. */
  swap?: 'cancelled' | 'rebooked' | 'rebooked_waitlisted' | 'lost' | 'kept' | 'gone';
}

/**
 * What a prebooking that replaces a held booking says about that booking: before the instant, what
 * will happen; after it, what did. One wording for the card, the email and the stored message.
 */
export function swapText(replaced: SwapFacts, locale: Locale): string {
  const text = DICTIONARIES[locale].swap;
  const other = `${replaced.classStartTime} ${replaced.className}`;
  switch (replaced.swap) {
    case undefined:
      return text.planned(other);
    case 'cancelled':
      return text.cancelled(other);
    case 'rebooked':
      return text.rebooked(other);
    case 'rebooked_waitlisted':
      return text.rebookedWaitlist(other);
    case 'lost':
      return text.lost(other);
    case 'kept':
      return text.kept(other);
    case 'gone':
      return text.gone(other);
  }
}
