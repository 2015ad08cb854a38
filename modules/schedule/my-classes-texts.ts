import type { Locale } from '@/modules/i18n';
import { NEXT_STEP_TEXTS } from './next-step-texts';

/** Wording of "My classes" (issue 13), kept beside its components so other changes to the dictionaries merge cleanly. */
const TEXTS = {
  en: {
    title: 'My classes',
    upcoming: 'Upcoming',
    past: 'Past and outcomes',
    emptyUpcoming: 'Nothing booked or prebooked. Book or prebook a class from the schedule.',
    emptyPast: 'Nothing here yet.',
    booked: 'Booked',
    waitlisted: 'On the waiting list',
    cancelled: 'Cancelled',
    position: (position: number) => `You are number ${position} on the waiting list.`,
    queue: (length: number) => `On the waiting list (${length} waiting; AimHarder does not say your place).`,
    queueUnknown: 'On the waiting list.',
    origin: { prebooker_instant: 'Booked by Prebooker at the opening.', prebooker_button: 'Booked with Prebooker.', elsewhere: 'Booked in AimHarder.' },
    cancelledAfter: (timing: string | null) => `${timing ? `${timing} ` : ''}Then cancelled: this booking no longer exists in AimHarder.`,
    cancelBooking: 'Cancel booking',
    leaveWaitlist: 'Leave the waiting list',
    cancelling: 'Cancelling…',
    lateWarning: 'This is a late cancellation: AimHarder keeps the credit. Cancel anyway?',
    lateConfirm: 'Cancel anyway',
    keep: 'Keep it',
    syncedAgo: (age: string) => `From AimHarder ${age} ago.`,
    syncing: 'Checking AimHarder…',
    syncFailed: (age: string | null) => (age ? `AimHarder could not be reached; showing what it said ${age} ago.` : 'AimHarder could not be reached; your bookings there are not shown yet.'),
    never: 'Not read from AimHarder yet.',
    next: NEXT_STEP_TEXTS.en,
  },
  es: {
    title: 'Mis clases',
    upcoming: 'Próximas',
    past: 'Pasadas y resultados',
    emptyUpcoming: 'Nada reservado ni prerreservado. Reserva o prerreserva una clase desde el horario.',
    emptyPast: 'Todavía no hay nada aquí.',
    booked: 'Reservada',
    waitlisted: 'En lista de espera',
    cancelled: 'Cancelada',
    position: (position: number) => `Eres el número ${position} en la lista de espera.`,
    queue: (length: number) => `En lista de espera (${length} esperando; AimHarder no dice tu puesto).`,
    queueUnknown: 'En lista de espera.',
    origin: { prebooker_instant: 'Reservada por Prebooker en la apertura.', prebooker_button: 'Reservada con Prebooker.', elsewhere: 'Reservada en AimHarder.' },
    cancelledAfter: (timing: string | null) => `${timing ? `${timing} ` : ''}Después se canceló: esta reserva ya no existe en AimHarder.`,
    cancelBooking: 'Cancelar reserva',
    leaveWaitlist: 'Salir de la lista de espera',
    cancelling: 'Cancelando…',
    lateWarning: 'Es una cancelación tardía: AimHarder se queda el crédito. ¿Cancelar igualmente?',
    lateConfirm: 'Cancelar igualmente',
    keep: 'Mantenerla',
    syncedAgo: (age: string) => `Según AimHarder hace ${age}.`,
    syncing: 'Consultando AimHarder…',
    syncFailed: (age: string | null) => (age ? `No se ha podido consultar AimHarder; se muestra lo que dijo hace ${age}.` : 'No se ha podido consultar AimHarder; tus reservas allí aún no se muestran.'),
    never: 'Aún no leído de AimHarder.',
    next: NEXT_STEP_TEXTS.es,
  },
} as const;

export function myClassesTexts(locale: Locale) {
  return TEXTS[locale];
}
