/**
 * The goals page's wording built from values (counts, names, dates), in English and Spanish, and
 * what joins it to the fixed wording the page passes down (goals-texts.ts). Small enough to ship
 * both languages with the page's JavaScript.
 */
import type { GoalsStrings } from './goals-texts';

export type GoalsLocale = 'en' | 'es';

const en = {
  notADay: (text: string) => `“${text}” is not a date: write it as dd/mm/yyyy, e.g. 24/12/2026.`,
  notATime: (text: string) => `“${text}” is not a time: write it as hh:mm on the 24-hour clock, e.g. 18:00.`,
  isOpen: (what: string) => `${what} is already open —`,
  bookedIfOpen: (what: string, answer: string) => `${what} was already open: ${answer}`,
  fallbackTime: (choice: number) => `Choice ${choice}: time`,
  fallbackClass: (choice: number) => `Choice ${choice}: class`,
  /** `classes` already joined with `fallbackJoin`. */
  fallbackSummary: (classes: string) => `else ${classes}`,
  duplicate: (goal: string) => `You already have this goal: “${goal}”. Edit that one instead.`,
  matchSummary: (name: string, exact: boolean) => (exact ? `Class named “${name}” (any case)` : `Class name containing “${name}” (any case)`),
  lastRun: (when: string) => `Last run ${when}.`,
  opens: (when: string) => `opens ${when}`,
  created: (count: number) => (count === 1 ? 'The goal made 1 prebooking.' : `The goal made ${count} prebookings.`),
  cancelled: (count: number) => (count === 1 ? '1 prebooking that no longer matched was cancelled.' : `${count} prebookings that no longer matched were cancelled.`),
  notifications: {
    intro: (email: string) => `When a prebooking ends, Prebooker can email ${email}.`,
  },
};

type GoalsPhrases = typeof en;

const es: GoalsPhrases = {
  notADay: (text: string) => `«${text}» no es una fecha: escríbela como dd/mm/aaaa, p. ej. 24/12/2026.`,
  notATime: (text: string) => `«${text}» no es una hora: escríbela como hh:mm en formato de 24 horas, p. ej. 18:00.`,
  isOpen: (what: string) => `${what} ya está abierta —`,
  bookedIfOpen: (what: string, answer: string) => `${what} ya estaba abierta: ${answer}`,
  fallbackTime: (choice: number) => `Opción ${choice}: hora`,
  fallbackClass: (choice: number) => `Opción ${choice}: clase`,
  fallbackSummary: (classes: string) => `si no, ${classes}`,
  duplicate: (goal: string) => `Ya tienes este objetivo: «${goal}». Edita ese en su lugar.`,
  matchSummary: (name: string, exact: boolean) =>
    exact ? `Clase llamada «${name}» (sin distinguir mayúsculas)` : `Clase cuyo nombre contiene «${name}» (sin distinguir mayúsculas)`,
  lastRun: (when: string) => `Última ejecución: ${when}.`,
  opens: (when: string) => `abre ${when}`,
  created: (count: number) => (count === 1 ? 'El objetivo hizo 1 prerreserva.' : `El objetivo hizo ${count} prerreservas.`),
  cancelled: (count: number) => (count === 1 ? 'Se canceló 1 prerreserva que ya no encajaba.' : `Se cancelaron ${count} prerreservas que ya no encajaban.`),
  notifications: {
    intro: (email: string) => `Cuando termina una prerreserva, Prebooker puede escribir a ${email}.`,
  },
};

/** Every text of the goals page in one language: the fixed wording and the phrases. */
export type GoalsTexts = Omit<GoalsStrings, 'notifications'> &
  Omit<GoalsPhrases, 'notifications'> & { notifications: GoalsStrings['notifications'] & GoalsPhrases['notifications'] };

export function withGoalsPhrases(strings: GoalsStrings, locale: GoalsLocale): GoalsTexts {
  const phrases = locale === 'es' ? es : en;
  return { ...strings, ...phrases, notifications: { ...strings.notifications, ...phrases.notifications } };
}

/** Weekday names (ISO order, Monday first) in the page's language. */
export function weekdayNames(locale: GoalsLocale, width: 'short' | 'long' = 'short'): string[] {
  const format = new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { weekday: width, timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(Date.UTC(2024, 0, 1 + index))));
}
