import { resultText, type Locale } from '@/modules/i18n';
import { getAdminDictionary } from './admin-dictionary';

/**
 * Why a prebooking ended, for an admin: the member-facing texts say "you" ("You already have a
 * booking at that time"), which an admin reads as about themself. Codes with such a text get the
 * admin's phrasing; the rest read the same for both.
 */
export function adminResultText(code: string | null, locale: Locale, storedMessage?: string | null): string | null {
  const forAdmin = code ? getAdminDictionary(locale).adminResults[code] : undefined;
  return forAdmin ?? resultText(code, locale, storedMessage);
}
