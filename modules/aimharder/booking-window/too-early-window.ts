import { plainText } from '../aimharder-text';
import type { BookingWindowHint, BookingWindowRule } from './booking-window.schema';

/**
 * Reads N out of a localized too-early answer. Seen wordings (reference §4.2–4.4, §6.2):
 * es "No puedes reservar clases con más de 4 días de antelación", ca "No pots reservar classes
 * amb més de 4 dies d'antelació", en "more than 1 days of anticipation" / "4 days in advance";
 * the `_HORAS` key states it in hours. `errorMssg` may carry HTML, and some boxes append more text
 * ("… Las reservas se abren a las 12:00"), so the first "<number> <unit>" wins.
 */
const DAY_UNITS = ['días', 'dias', 'día', 'dia', 'dies', 'days', 'day', 'jours', 'jour', 'd'];
const HOUR_UNITS = ['horas', 'hora', 'hores', 'hours', 'hour', 'hrs', 'hr', 'h'];
const ONE_WORDS = ['una', 'un', 'one', 'an', 'a'];
const AMOUNT_WITH_UNIT = new RegExp(
  `(?:^|[^\\p{L}\\d])(\\d{1,4}|${ONE_WORDS.join('|')})\\s*(${[...DAY_UNITS, ...HOUR_UNITS].join('|')})(?![\\p{L}])`,
  'iu',
);
const BARE_AMOUNT = /(?:^|\D)(\d{1,4})(?!\d)/u;

export function parseTooEarlyWindow(message: string, errorKey?: string): BookingWindowHint | null {
  const text = plainText(message);
  const keyUnit = unitFromKey(errorKey);
  const withUnit = AMOUNT_WITH_UNIT.exec(text);
  if (withUnit) {
    const amount = toAmount(withUnit[1] ?? '');
    const unitWord = (withUnit[2] ?? '').toLowerCase();
    const unit = HOUR_UNITS.includes(unitWord) ? 'hours' : 'days';
    return amount > 0 ? { unit, amount } : null;
  }
  // A message without a unit word is only trusted when the stable key says which unit it is.
  if (keyUnit) {
    const bare = BARE_AMOUNT.exec(text);
    const amount = bare ? Number(bare[1]) : 0;
    if (amount > 0) return { unit: keyUnit, amount };
  }
  return null;
}

/** A learned hint becomes a rolling rule: that is how kappys1 and the simulator read the message. */
export function ruleFromWindowHint(hint: BookingWindowHint): BookingWindowRule {
  return hint.unit === 'hours' ? { kind: 'rolling_hours', hours: hint.amount } : { kind: 'rolling_days', days: hint.amount };
}

function unitFromKey(errorKey: string | undefined): BookingWindowHint['unit'] | null {
  if (!errorKey) return null;
  if (/^ERROR_ANTELACION_CLIENTE_HORAS$/i.test(errorKey)) return 'hours';
  if (/^ERROR_ANTELACION_CLIENTE$/i.test(errorKey)) return 'days';
  return null;
}

function toAmount(token: string): number {
  return ONE_WORDS.includes(token.toLowerCase()) ? 1 : Number(token);
}
