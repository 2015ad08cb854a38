import { formatDateTime, formatDayMedium, type Locale } from '@/modules/i18n';
import type { FindingCode, PreflightFinding } from './preflight.schema';

/** The one-tap fixes a finding offers; cancel and "check again" are offered for every open finding. */
export type PreflightFix = 'sign_in' | 'move' | 'cancel' | 'recheck';

export function fixesFor(finding: PreflightFinding): PreflightFix[] {
  if (finding.severity !== 'action') return [];
  const specific: Partial<Record<FindingCode, PreflightFix>> = { password_changed: 'sign_in', credentials_missing: 'sign_in', class_moved: 'move' };
  const first = specific[finding.code];
  return [...(first ? [first] : []), 'cancel', 'recheck'];
}

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** A finding in the member's words, "Action needed: …" or "Fixed: …". */
export function describeFinding(finding: PreflightFinding, locale: Locale, timeZone: string, className: string): string {
  const d = finding.detail;
  const es = locale === 'es';
  switch (finding.code) {
    case 'password_changed':
      return es
        ? 'Acción necesaria: AimHarder ya no acepta tu contraseña (¿la cambiaste?). Vuelve a iniciar sesión.'
        : 'Action needed: AimHarder no longer accepts your password (did you change it?). Sign in again.';
    case 'credentials_missing':
      return es
        ? 'Acción necesaria: Prebooker ya no guarda tu contraseña de AimHarder. Vuelve a iniciar sesión.'
        : 'Action needed: Prebooker no longer holds your AimHarder password. Sign in again.';
    case 'class_cancelled':
      return es
        ? `Acción necesaria: ${className} del ${formatDayMedium(str(d.day), locale)} a las ${str(d.time)} ya no está en el horario del box.`
        : `Action needed: ${className} on ${formatDayMedium(str(d.day), locale)} at ${str(d.time)} is no longer on the box's schedule.`;
    case 'class_moved':
      return es
        ? `Acción necesaria: ${className} ha pasado de las ${str(d.from)} a las ${str(d.to)}. Mueve la prerreserva a las ${str(d.to)} o cancélala.`
        : `Action needed: ${className} moved from ${str(d.from)} to ${str(d.to)}. Move this prebooking to ${str(d.to)}, or cancel it.`;
    case 'overlap':
      return es
        ? `Acción necesaria: ya tienes ${str(d.otherClass)} a las ${str(d.time)}, a la misma hora; AimHarder no deja reservar dos clases a la vez. Cancela una de las dos.`
        : `Action needed: you already hold ${str(d.otherClass)} at ${str(d.time)}, at the same time; AimHarder refuses two bookings at once. Cancel one of them.`;
    case 'already_booked':
      return d.waitlisted
        ? es
          ? 'Acción necesaria: ya estás en la lista de espera de esta clase en AimHarder. Puedes cancelar esta prerreserva.'
          : 'Action needed: you are already on this class’s waiting list in AimHarder. You can cancel this prebooking.'
        : es
          ? 'Acción necesaria: ya tienes esta clase reservada en AimHarder. Puedes cancelar esta prerreserva.'
          : 'Action needed: you already hold this class in AimHarder. You can cancel this prebooking.';
    case 'not_in_plan':
      return es
        ? `Acción necesaria: AimHarder dice que tu tarifa no incluye clases de ${str(d.className)}; rechazará la reserva.`
        : `Action needed: AimHarder says your plan does not include ${str(d.className)} classes; it would refuse the booking.`;
    case 'rule_changed':
      return es
        ? `Arreglado: el box cambió cuándo abre la reserva; Prebooker reservará a las ${formatDateTime(str(d.to), timeZone, locale)} (antes ${formatDateTime(str(d.from), timeZone, locale)}).`
        : `Fixed: the box changed when booking opens; Prebooker now books at ${formatDateTime(str(d.to), timeZone, locale)} (was ${formatDateTime(str(d.from), timeZone, locale)}).`;
  }
}

/** "Checked at 17:45: all clear." */
export function describeClear(checkedAt: string, locale: Locale, timeZone: string): string {
  return locale === 'es'
    ? `Comprobado ${formatDateTime(checkedAt, timeZone, locale)}: todo en orden.`
    : `Checked ${formatDateTime(checkedAt, timeZone, locale)}: all clear.`;
}
