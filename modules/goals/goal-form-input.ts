import { formatDayInput, parseDayInput } from '@/modules/i18n/day-input';

/**
 * The goals form's dates and times as the member types them, in the page's language: text fields,
 * not `<input type="date">`/`"time"`, which Chromium draws in the browser's language and order
 * ("12/24/2026", "06:00 PM" on a Spanish page). What is sent is always ISO ("2026-12-24", "18:00");
 * the server validates that again.
 */
type FormLocale = Parameters<typeof parseDayInput>[1];

export interface TypedSkip {
  from: string;
  to: string;
  note: string;
}

export interface TypedAlternative {
  startTime: string;
  className: string;
}

/** What could not be read, by the field the server would name ("skips.0.from"), with what was typed. */
export interface TypedProblem {
  field: string;
  kind: 'day' | 'time';
  text: string;
}

/**
 * A typed time of day on the 24-hour clock both languages use: "18:00", "8:00", "18.30", "1830",
 * "18h30". Null when it is no time ("25:00", "6 pm").
 */
export function parseTimeInput(text: string): string | null {
  const match = /^(\d{1,2})(?:[:.h]?)(\d{2})$/i.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A stored skip day as its field shows it ("24/12/2026"). */
export const skipDayText = (day: string, locale: FormLocale): string => formatDayInput(day, locale);

/**
 * The form's typed times and skip dates as the API takes them, or every field that could not be
 * read. Blank rows are left out: a skip row without its first day, a fallback with neither time
 * nor class (a half-filled fallback goes to the server, which names what is missing).
 */
export function readTypedGoalFields(
  typed: { startTime: string; alternatives: TypedAlternative[]; skips: TypedSkip[] },
  locale: FormLocale,
):
  | { ok: true; startTime: string; alternatives: TypedAlternative[]; skips: Array<{ from: string; to?: string; note?: string }>; rows: SentRows }
  | { ok: false; problems: TypedProblem[] } {
  const problems: TypedProblem[] = [];
  const time = (field: string, text: string): string => {
    if (!text.trim()) return '';
    const value = parseTimeInput(text);
    if (value === null) problems.push({ field, kind: 'time', text: text.trim() });
    return value ?? text;
  };
  const day = (field: string, text: string): string => {
    const value = parseDayInput(text, locale);
    if (value === null) problems.push({ field, kind: 'day', text: text.trim() });
    return value ?? text;
  };

  const startTime = time('startTime', typed.startTime);
  const sentAlternatives = typed.alternatives
    .map((alternative, index) => ({ alternative, index }))
    .filter(({ alternative }) => alternative.startTime.trim() || alternative.className.trim());
  const alternatives = sentAlternatives.map(({ alternative, index }) => ({ ...alternative, startTime: time(`alternatives.${index}.startTime`, alternative.startTime) }));
  const sentSkips = typed.skips.map((skip, index) => ({ skip, index })).filter(({ skip }) => skip.from.trim());
  const skips = sentSkips.map(({ skip, index }) => ({
      from: day(`skips.${index}.from`, skip.from),
      ...(skip.to.trim() ? { to: day(`skips.${index}.to`, skip.to) } : {}),
      ...(skip.note.trim() ? { note: skip.note.trim() } : {}),
    }));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, startTime, alternatives, skips, rows: { alternatives: sentAlternatives.map(({ index }) => index), skips: sentSkips.map(({ index }) => index) } };
}

/** For each list sent, the form row each sent entry came from (blank rows are not sent). */
export interface SentRows {
  alternatives: number[];
  skips: number[];
}

/** A field the server named ("skips.0.to", counting what was sent) as the form's own row ("skips.2.to"). */
export function formFieldOf(serverField: string, rows: SentRows): string {
  const match = /^(alternatives|skips)\.(\d+)(\..*)?$/.exec(serverField);
  if (!match) return serverField;
  const list = match[1] as keyof SentRows;
  const row = rows[list][Number(match[2])];
  return row === undefined ? serverField : `${list}.${row}${match[3] ?? ''}`;
}
