import type { Locale } from '@/modules/i18n';

/**
 * Admin wording for the outcome timing (issue 13), kept beside the components that use it: the
 * booked-at offset is the request that got the place, as opposed to the first fire's precision.
 */
const TEXTS = {
  en: {
    bookedHeading: 'Booked-at offset (outcome)',
    bookedIntro: 'When the request that actually got the place was sent. A retry minutes late shows here, not in the fire offset above.',
    bookedSamples: (count: number, onRetry: number) => `${count === 1 ? '1 booking' : `${count} bookings`}, ${onRetry} on a retry`,
    bookedSummary: (p50: string, p95: string, max: string, count: number) => `Histogram of ${count} booked-at offsets: p50 ${p50}, p95 ${p95}, max ${max}.`,
    bookedMax: 'booked-at max',
    noBooked: 'Nothing booked in this period.',
    firstFireHeading: 'First-attempt fire offset (precision)',
    bookedColumn: 'Booked at',
    onRetry: 'on a retry',
    bookedAtField: 'Booked at (the request that got the place)',
    bookedOffsetField: 'Booked-at offset',
    cancelledAfter: 'Booked, then cancelled (no longer in AimHarder)',
  },
  es: {
    bookedHeading: 'Desfase de la reserva (resultado)',
    bookedIntro: 'Cuándo se envió la petición que consiguió la plaza. Un reintento minutos tarde aparece aquí, no en el desfase del disparo.',
    bookedSamples: (count: number, onRetry: number) => `${count === 1 ? '1 reserva' : `${count} reservas`}, ${onRetry} en un reintento`,
    bookedSummary: (p50: string, p95: string, max: string, count: number) => `Histograma de ${count} desfases de reserva: p50 ${p50}, p95 ${p95}, máx. ${max}.`,
    bookedMax: 'máx. reserva',
    noBooked: 'Nada reservado en este periodo.',
    firstFireHeading: 'Desfase del primer disparo (precisión)',
    bookedColumn: 'Reservada',
    onRetry: 'en un reintento',
    bookedAtField: 'Reservada a las (la petición que consiguió la plaza)',
    bookedOffsetField: 'Desfase de la reserva',
    cancelledAfter: 'Reservada y después cancelada (ya no está en AimHarder)',
  },
} as const;

export function outcomeTimingTexts(locale: Locale) {
  return TEXTS[locale];
}
