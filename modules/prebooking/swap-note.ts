import type { Locale } from '@/modules/i18n';
import type { ReplacedBooking } from './prebooking.schema';

/**
 * What a prebooking that replaces a held booking tells the member about that booking: before the
 * instant, what will happen; after it, what did (kept, cancelled, cancelled then booked again, or
 * cancelled and lost). One wording for the card, the email, the API's result message and the admin
 * pages, in the member's language.
 */
const TEXT = {
  en: {
    planned: (other: string) => `At the opening Prebooker cancels your ${other} and books this class at once; if this class cannot be booked, it books your ${other} again.`,
    cancelled: (other: string) => `Your ${other} was cancelled to make room for it.`,
    rebooked: (other: string) => `Your ${other} was cancelled at the opening to make room, and as this class could not be booked we booked your ${other} again.`,
    rebookedWaitlist: (other: string) => `Your ${other} was cancelled at the opening to make room; as this class could not be booked we asked for your ${other} again, and you are back on its waiting list (at the end).`,
    lost: (other: string) => `Your ${other} was cancelled at the opening to make room, and as this class could not be booked we tried to book your ${other} again, but could not get it back.`,
    kept: (other: string) => `Your ${other} was kept: AimHarder did not let us cancel it at the opening, so this class was not booked.`,
  },
  es: {
    planned: (other: string) => `En la apertura Prebooker cancela tu ${other} y reserva esta clase al momento; si esta no se puede reservar, vuelve a reservar tu ${other}.`,
    cancelled: (other: string) => `Tu ${other} se canceló para dejarle sitio.`,
    rebooked: (other: string) => `Tu ${other} se canceló en la apertura para dejar sitio y, como esta clase no se pudo reservar, volvimos a reservar tu ${other}.`,
    rebookedWaitlist: (other: string) => `Tu ${other} se canceló en la apertura para dejar sitio; como esta clase no se pudo reservar, volvimos a pedir tu ${other} y estás otra vez en su lista de espera (al final).`,
    lost: (other: string) => `Tu ${other} se canceló en la apertura para dejar sitio y, como esta clase no se pudo reservar, intentamos reservar de nuevo tu ${other}, pero no pudimos recuperarla.`,
    kept: (other: string) => `Tu ${other} se mantuvo: AimHarder no nos dejó cancelarla en la apertura, así que esta clase no se reservó.`,
  },
} as const;

/** "18:00 WOD": how the other class is named in every note. */
const otherClass = (replaced: ReplacedBooking) => `${replaced.classStartTime} ${replaced.className}`;

/** The note for a prebooking that replaces a booking; null for any other. */
export function describeSwap(replaced: ReplacedBooking | null, locale: Locale): string | null {
  if (!replaced) return null;
  const text = TEXT[locale];
  const other = otherClass(replaced);
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
  }
}
