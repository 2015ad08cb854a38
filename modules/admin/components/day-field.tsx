import { formatDayInput, type Locale } from '@/modules/i18n';
import { getAdminDictionary } from '../admin-dictionary';

/**
 * A date filter typed in the page's language ("07/12/2026", placeholder "dd/mm/aaaa" in Spanish).
 * Not `<input type="date">`: Chromium draws that in the browser's language and order, ignoring
 * the page's `lang`. `value` is what the admin typed when it could not be read (kept to correct),
 * else the calendar day the filter uses.
 */
export function DayField({ id, label, value, locale }: { id: string; label: string; value: string | undefined; locale: Locale }) {
  const t = getAdminDictionary(locale);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        size={10}
        placeholder={t.healthPage.dayPlaceholder}
        defaultValue={formatDayInput(value, locale)}
      />
    </div>
  );
}
