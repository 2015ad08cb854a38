// Importable from client components: no server-only code here (see server.ts for that).
export { DEFAULT_LOCALE, LOCALES, LOCALE_COOKIE_NAME, intlTag, isLocale, localeFromAcceptLanguage, localeOfRequest, resolveLocale, type Locale } from './locale';
export { getDictionary, localizeError, resultText, swapText, type SwapFacts } from './dictionaries';
export type { ClientDictionary, CommonDictionary, Dictionary } from './dictionaries';
export {
  addDays,
  consecutiveDays,
  dayInZone,
  formatCountdown,
  formatDateTime,
  formatDateTimePrecise,
  formatDayLong,
  formatDayMedium,
  formatDayParts,
  formatDuration,
  formatTime,
  formatTimePrecise,
  zoneAbbreviation,
} from './format';
export { formatDayInput, parseDayInput } from './day-input';
export { I18nProvider, useCommonI18n } from './components/i18n-provider';
export { LocaleSwitcher } from './components/locale-switcher';
