import type { Locale } from '@/modules/i18n';
// Not from i18n's index: the execution path must load without its client components (eslint.config.js).
import { swapText } from '@/modules/i18n/dictionaries';
import type { ReplacedBooking } from './prebooking.schema';

/**
 * The note of a prebooking that replaces a held booking (the wording lives in the i18n
 * dictionaries, shared with the outcome email); null for any other prebooking.
 */
export function describeSwap(replaced: ReplacedBooking | null, locale: Locale): string | null {
  return replaced ? swapText(replaced, locale) : null;
}
