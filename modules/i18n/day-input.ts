import { intlTag, type Locale } from './locale';

/**
 * Typed date fields in the page's language (the goals form, the admin filters). Apart from
 * format.ts because the schedule and My classes, which load that one, type no dates: its bytes
 * there counted against their JavaScript budget (issue 19).
 */

// Made per call, not cached: it runs on a field's input or a submit, never in a render loop.
const numericDate = (locale: Locale) => new Intl.DateTimeFormat(intlTag(locale), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });

const noonUtc = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * A calendar day ("2026-12-07") as a date field shows it in the page's language ("07/12/2026").
 * Typed fields instead of `<input type="date">`: Chromium draws a date input in the browser's own
 * language and order (an English browser showed "12/07/2026" and "mm/dd/yyyy" on Spanish pages,
 * whatever the `lang` attribute said).
 */
export function formatDayInput(day: string | undefined, locale: Locale): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? '';
  return numericDate(locale).format(noonUtc(day));
}

/** The order of day, month and year in the language's numeric dates (day first in en-GB and es-ES). */
function dayFieldOrder(locale: Locale): Array<'day' | 'month' | 'year'> {
  return numericDate(locale)
    .formatToParts(noonUtc('2026-12-07'))
    .map((part) => part.type)
    .filter((type): type is 'day' | 'month' | 'year' => type === 'day' || type === 'month' || type === 'year');
}

/**
 * A typed date back to a calendar day: "7/12/2026", "07-12-2026" or "07.12.2026" in the
 * language's order, or an ISO day ("2026-12-07", as links and bookmarks carry). Null when it is
 * no real date ("31/02/2026").
 */
export function parseDayInput(text: string, locale: Locale): string | null {
  const value = text.trim();
  let parts: { day: number; month: number; year: number };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (iso) {
    parts = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  } else {
    const numbers = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(value);
    if (!numbers) return null;
    const order = dayFieldOrder(locale);
    const byType = Object.fromEntries(order.map((type, index) => [type, Number(numbers[index + 1])])) as Record<'day' | 'month' | 'year', number>;
    parts = byType;
    if (String(numbers[order.indexOf('year') + 1]).length !== 4) return null;
  }
  const { year, month, day } = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
