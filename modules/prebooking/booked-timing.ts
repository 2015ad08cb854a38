import type { Locale } from '@/modules/i18n';
import { formatDuration } from '@/modules/i18n/format';
import type { Prebooking } from './prebooking.schema';

/**
 * What a finished prebooking tells the member about its timing: the offset of the request that
 * actually got the place (not the first fire, which an admin retry minutes later leaves unchanged),
 * and whether that request was a retry. One wording for the card, the email and the admin pages.
 */
export type BookedTimingFacts = Pick<Prebooking, 'status' | 'resultCode' | 'bookedOffsetMs' | 'bookedOnRetry'>;

const TEXT = {
  en: {
    booked: (offset: string) => `Booked ${offset} after opening`,
    waitlisted: (offset: string) => `Joined the waiting list ${offset} after opening`,
    onRetry: ', on a retry',
  },
  es: {
    booked: (offset: string) => `Reservada ${offset} después de la apertura`,
    waitlisted: (offset: string) => `En la lista de espera ${offset} después de la apertura`,
    onRetry: ', en un reintento',
  },
} as const;

/** "Booked 3 ms after opening." / "Booked 4 min 2 s after opening, on a retry." — null when not known. */
export function describeBookedTiming(facts: BookedTimingFacts, locale: Locale): string | null {
  if (facts.status !== 'completed' || facts.bookedOffsetMs === null) return null;
  if (facts.resultCode !== 'booked' && facts.resultCode !== 'waitlisted') return null;
  const text = TEXT[locale];
  const offset = formatDuration(facts.bookedOffsetMs, locale);
  const sentence = facts.resultCode === 'waitlisted' ? text.waitlisted(offset) : text.booked(offset);
  return `${sentence}${facts.bookedOnRetry ? text.onRetry : ''}.`;
}
