import { parseDayInput, type Locale } from '@/modules/i18n';

export interface DayFilters {
  /** The calendar days ("2026-12-07") the filters mean; absent when empty or unreadable. */
  from?: string;
  to?: string;
  /** What was typed and could not be read as a date, to name it and keep it in its field. */
  unreadable: Array<{ field: 'from' | 'to'; text: string }>;
}

/**
 * The From/To filters of an admin page as typed in the page's language ("07/12/2026"), or as an
 * ISO day (a shared link): the days the queries take, and what could not be read.
 */
export function readDayFilters(raw: { from?: string; to?: string }, locale: Locale): DayFilters {
  const filters: DayFilters = { unreadable: [] };
  for (const field of ['from', 'to'] as const) {
    const text = raw[field]?.trim();
    if (!text) continue;
    const day = parseDayInput(text, locale);
    if (day) filters[field] = day;
    else filters.unreadable.push({ field, text });
  }
  return filters;
}
