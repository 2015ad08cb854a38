import { formatDuration } from '@/modules/i18n/format';
import type { NotifiedOutcome } from './notifications.schema';

export type Locale = 'en' | 'es';

export interface OutcomeEmailInput {
  locale: Locale;
  memberName: string;
  outcome: NotifiedOutcome;
  className: string;
  boxName: string;
  /** YYYY-MM-DD and HH:MM in the box's zone, as AimHarder shows them. */
  classDay: string;
  classStartTime: string;
  resultCode: string | null;
  /** Stored in English by the prebooking module; used when no translation is known. */
  resultMessage: string | null;
  /** booked_at − available_at: when the request that got the place was sent (null: not known). */
  bookedOffsetMs: number | null;
  /** That request was a retry (an admin's, or a redelivery), not the one at the opening. */
  bookedOnRetry: boolean;
  /** What became of a booking this prebooking replaced at the instant (swapText), or null. */
  swapNote?: string | null;
  appBaseUrl: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_PREFIX: Record<NotifiedOutcome, Record<Locale, string>> = {
  booked: { en: 'Booked', es: 'Reservada' },
  waitlisted: { en: 'On the waiting list', es: 'En lista de espera' },
  failed: { en: 'Not booked', es: 'No reservada' },
};

const HEADLINE: Record<NotifiedOutcome, Record<Locale, string>> = {
  booked: { en: 'Prebooker booked your class.', es: 'Prebooker ha reservado tu clase.' },
  waitlisted: {
    en: 'The class was full: Prebooker put you on the waiting list.',
    es: 'La clase estaba llena: Prebooker te ha apuntado a la lista de espera.',
  },
  failed: { en: 'Prebooker could not book your class.', es: 'Prebooker no ha podido reservar tu clase.' },
};

/** Spanish reasons for the failure codes we know; anything else falls back to the stored text. */
const SPANISH_REASONS: Record<string, string> = {
  class_started: 'La clase empezó antes de poder reservarla.',
  login_failed: 'AimHarder ya no acepta tu contraseña guardada. Vuelve a iniciar sesión para que Prebooker pueda reservar por ti.',
  credentials_missing: 'Prebooker ya no tiene tus credenciales de AimHarder. Vuelve a iniciar sesión para prerreservar.',
  delivery_failed: 'AimHarder o nuestro servicio de reservas fallaron en todos los reintentos.',
  not_delivered: 'La tarea de reserva no llegó a ejecutarse antes de la clase.',
  too_early_window_elapsed: 'AimHarder seguía diciendo que era pronto para reservar tras la hora de apertura.',
  full: 'La clase estaba llena.',
  already_booked_same_hour: 'Ya tienes otra clase reservada a la misma hora.',
  replace_kept: 'Esta clase no se reservó.',
};

const LABELS = {
  en: { greeting: 'Hi', class: 'Class', when: 'When', box: 'Box', why: 'Why', boxTime: 'box time', see: 'See your prebookings', settings: 'Choose which emails you get' },
  es: { greeting: 'Hola', class: 'Clase', when: 'Cuándo', box: 'Box', why: 'Motivo', boxTime: 'hora del box', see: 'Ver tus prerreservas', settings: 'Elige qué correos recibes' },
} as const;

function formatDay(day: string, locale: Locale): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // Only the calendar date matters here, so format it as UTC to avoid any zone shift.
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

function shortDay(day: string, locale: Locale): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

export function describeBookedOffset(offsetMs: number, onRetry: boolean, locale: Locale): string {
  const duration = formatDuration(offsetMs, locale);
  if (locale === 'es') {
    if (offsetMs < 0) return `Prebooker envió la reserva ${formatDuration(-offsetMs, locale)} antes de la apertura (según nuestro reloj).`;
    return onRetry
      ? `La plaza llegó con un reintento, ${duration} después de la apertura.`
      : `Prebooker consiguió la plaza con una petición enviada ${duration} después de la apertura.`;
  }
  if (offsetMs < 0) return `Prebooker sent the booking request ${formatDuration(-offsetMs, locale)} before booking opened (by our clock).`;
  return onRetry
    ? `The place came on a retry, ${duration} after booking opened.`
    : `Prebooker got the place with a request sent ${duration} after booking opened.`;
}

export function failureReason(input: Pick<OutcomeEmailInput, 'locale' | 'resultCode' | 'resultMessage'>): string {
  if (input.locale === 'es' && input.resultCode && SPANISH_REASONS[input.resultCode]) return SPANISH_REASONS[input.resultCode]!;
  return input.resultMessage ?? input.resultCode ?? (input.locale === 'es' ? 'Motivo desconocido.' : 'Unknown reason.');
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** "Booked: WOD, Mon 8 Dec 18:00": the email's subject and the push notification's title. */
export function outcomeSubject(input: Pick<OutcomeEmailInput, 'locale' | 'outcome' | 'className' | 'classDay' | 'classStartTime'>): string {
  return `${SUBJECT_PREFIX[input.outcome][input.locale]}: ${input.className}, ${shortDay(input.classDay, input.locale)} ${input.classStartTime}`;
}

/** Subject and body of one outcome email, in the member's language. */
export function composeOutcomeEmail(input: OutcomeEmailInput): ComposedEmail {
  const labels = LABELS[input.locale];
  const subject = outcomeSubject(input);
  const when = `${formatDay(input.classDay, input.locale)}, ${input.classStartTime} (${labels.boxTime})`;
  const timing =
    input.outcome === 'failed'
      ? `${labels.why}: ${failureReason(input)}`
      : input.bookedOffsetMs !== null
        ? describeBookedOffset(input.bookedOffsetMs, input.bookedOnRetry, input.locale)
        : null;
  // The stored English message of a failed swap already ends with the note.
  const note = input.swapNote && !(timing ?? '').endsWith(input.swapNote) ? input.swapNote : null;
  const extra = timing && note ? `${timing} ${note}` : (timing ?? note);
  const prebookingsUrl = `${input.appBaseUrl}/my-classes`;
  const settingsUrl = `${input.appBaseUrl}/goals#notifications`;

  const text = [
    `${labels.greeting} ${input.memberName},`,
    '',
    HEADLINE[input.outcome][input.locale],
    '',
    `  ${labels.class}: ${input.className}`,
    `  ${labels.when}: ${when}`,
    `  ${labels.box}: ${input.boxName}`,
    ...(extra ? ['', extra] : []),
    '',
    `${labels.see}: ${prebookingsUrl}`,
    `${labels.settings}: ${settingsUrl}`,
  ].join('\n');

  const row = (label: string, value: string) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const html = [
    `<p>${escapeHtml(`${labels.greeting} ${input.memberName},`)}</p>`,
    `<p><strong>${escapeHtml(HEADLINE[input.outcome][input.locale])}</strong></p>`,
    `<table>${row(labels.class, input.className)}${row(labels.when, when)}${row(labels.box, input.boxName)}</table>`,
    ...(extra ? [`<p>${escapeHtml(extra)}</p>`] : []),
    `<p><a href="${escapeHtml(prebookingsUrl)}">${escapeHtml(labels.see)}</a> · <a href="${escapeHtml(settingsUrl)}">${escapeHtml(labels.settings)}</a></p>`,
  ].join('\n');

  return { subject, text, html };
}
