/**
 * Member-readable texts for how a prebooking ended, by result code, in English and Spanish.
 * AimHarder's own answers are described by the aimharder module; these cover Prebooker's.
 */
export type Locale = 'en' | 'es';

const TEXTS: Record<string, Record<Locale, string>> = {
  booked: { en: 'Booked.', es: 'Reservada.' },
  waitlisted: { en: 'The class was full: you are on the waiting list.', es: 'La clase estaba llena: estás en la lista de espera.' },
  already_held: { en: 'You already hold this class.', es: 'Ya tienes esta clase reservada.' },
  cancelled_by_member: { en: 'You cancelled this prebooking.', es: 'Cancelaste esta prerreserva.' },
  cancelled_by_admin: { en: 'An admin cancelled this prebooking.', es: 'Un administrador canceló esta prerreserva.' },
  class_started: { en: 'The class started before it could be booked.', es: 'La clase empezó antes de poder reservarla.' },
  login_failed: {
    en: 'AimHarder no longer accepts your saved password. Sign in again so Prebooker can book for you.',
    es: 'AimHarder ya no acepta tu contraseña guardada. Vuelve a iniciar sesión para que Prebooker pueda reservar por ti.',
  },
  credentials_missing: {
    en: 'Prebooker no longer has your AimHarder credentials. Sign in again to prebook.',
    es: 'Prebooker ya no tiene tus credenciales de AimHarder. Vuelve a iniciar sesión para prerreservar.',
  },
  delivery_failed: {
    en: 'We could not book it: AimHarder or our booking service kept failing after every retry.',
    es: 'No pudimos reservarla: AimHarder o nuestro servicio de reservas fallaron en todos los reintentos.',
  },
  not_delivered: {
    en: 'The booking job never ran before the class started.',
    es: 'La tarea de reserva no llegó a ejecutarse antes de la clase.',
  },
  too_early_window_elapsed: {
    en: 'AimHarder still said it was too early to book after the opening instant.',
    es: 'AimHarder seguía diciendo que era pronto para reservar tras la hora de apertura.',
  },
  outcome_unknown: {
    en: 'The booking request went out, but we could not confirm with AimHarder whether it went through. Check your bookings in AimHarder.',
    es: 'La petición de reserva salió, pero no pudimos confirmar con AimHarder si se hizo. Revisa tus reservas en AimHarder.',
  },
  fired_not_held: {
    en: 'The booking request went out, but AimHarder holds no booking of this class for you.',
    es: 'La petición de reserva salió, pero AimHarder no tiene ninguna reserva tuya de esta clase.',
  },
  schedule_failed: {
    en: 'The booking job could not be scheduled.',
    es: 'No se pudo programar la tarea de reserva.',
  },
};

export function prebookingResultText(code: string, locale: Locale, fallback?: string | null): string {
  return TEXTS[code]?.[locale] ?? fallback ?? code;
}
