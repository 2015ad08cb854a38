import type { BookingOutcome, CancelOutcome } from './booking-outcome';

type Locale = 'en' | 'es';

function windowText(outcome: Extract<BookingOutcome, { kind: 'too_early' }>, locale: Locale): string {
  if (!outcome.window) return '';
  const { amount, unit } = outcome.window;
  if (locale === 'es') {
    const word = unit === 'days' ? (amount === 1 ? 'día' : 'días') : amount === 1 ? 'hora' : 'horas';
    return ` (el box la abre con ${amount} ${word} de antelación)`;
  }
  const word = unit === 'days' ? (amount === 1 ? 'day' : 'days') : amount === 1 ? 'hour' : 'hours';
  return ` (the box opens it ${amount} ${word} ahead)`;
}

/** A sentence for the member. AimHarder's own `errorMssg` is quoted only where it is the reason. */
export function describeBookingOutcome(outcome: BookingOutcome, locale: Locale): string {
  const es = locale === 'es';
  switch (outcome.kind) {
    case 'booked':
      return es ? 'Reserva confirmada: tienes tu plaza.' : 'Booked: your place is confirmed.';
    case 'waitlisted':
      return es ? 'Estás en la lista de espera de la clase.' : "You're on the class waiting list.";
    case 'too_early':
      return es
        ? `La reserva de esta clase aún no está abierta${windowText(outcome, locale)}.`
        : `Booking for this class isn't open yet${windowText(outcome, locale)}.`;
    case 'full':
      return es ? 'La clase está llena.' : 'The class is full.';
    case 'no_credit':
      return es
        ? 'Tu tarifa no tiene sesiones disponibles para esta clase o no la incluye.'
        : 'Your plan has no sessions left for this class, or does not include it.';
    case 'max_per_day':
      if (outcome.max === null) {
        return es ? 'Ya has alcanzado el máximo diario de clases de este tipo.' : "You've reached the daily limit for this type of class.";
      }
      return es
        ? `Ya has alcanzado el máximo de ${outcome.max} ${outcome.max === 1 ? 'clase' : 'clases'} de este tipo al día.`
        : `You've reached the limit of ${outcome.max} ${outcome.max === 1 ? 'class' : 'classes'} of this type per day.`;
    case 'too_late':
      return es ? 'Ya es demasiado tarde para reservar esta clase.' : "It's too late to book this class.";
    case 'payment_pending':
      return es
        ? 'Tienes un pago pendiente en el box; no podrás reservar hasta resolverlo.'
        : 'You have a pending payment at the box; booking is blocked until it is settled.';
    case 'already_booked_same_hour':
      return es ? 'Ya tienes una reserva a esa misma hora.' : 'You already have a booking at that time.';
    case 'not_allowed':
      return es ? `AimHarder no ha permitido la reserva: ${outcome.message}` : `AimHarder did not allow the booking: ${outcome.message}`;
    case 'session_expired':
      return es
        ? 'Tu sesión de AimHarder ha caducado y no se ha podido renovar.'
        : 'Your AimHarder session expired and could not be renewed.';
    case 'transport_error':
      return es
        ? 'AimHarder no ha respondido a tiempo; no sabemos si la reserva se ha hecho.'
        : "AimHarder didn't answer in time; it's not known whether the booking went through.";
  }
}

export function describeCancelOutcome(outcome: CancelOutcome, locale: Locale): string {
  const es = locale === 'es';
  switch (outcome.kind) {
    case 'cancelled':
      return es ? 'Reserva cancelada.' : 'Booking cancelled.';
    case 'late_cancellation_required':
      return es
        ? 'Ha pasado el plazo de cancelación gratuita: si cancelas ahora perderás la sesión. Confirma para cancelar igualmente.'
        : "The free-cancellation period is over: cancelling now forfeits the session. Confirm to cancel anyway.";
    case 'not_allowed':
      return es ? `AimHarder no ha permitido la cancelación: ${outcome.message}` : `AimHarder did not allow the cancellation: ${outcome.message}`;
    case 'session_expired':
      return es
        ? 'Tu sesión de AimHarder ha caducado y no se ha podido renovar.'
        : 'Your AimHarder session expired and could not be renewed.';
    case 'transport_error':
      return es
        ? 'AimHarder no ha respondido a tiempo; comprueba si la reserva se ha cancelado.'
        : "AimHarder didn't answer in time; check whether the booking was cancelled.";
  }
}
