import { plainText } from '../aimharder-text';
import type { BookResponse } from '../aimharder.schema';
import { parseTooEarlyWindow } from '../booking-window/too-early-window';
import type { BookingOutcome } from './booking-outcome';

/**
 * What an `/api/book` answer says, before the client settles the two cases that need a second
 * look: an acceptance (bookState 1 or 0, whose meaning is disputed — reference §9.3) and an
 * answer with neither `bookState` nor a message.
 */
export type BookAnswerReading =
  | { kind: 'outcome'; outcome: BookingOutcome }
  | { kind: 'accepted'; bookState: 0 | 1; reservationId: string | null }
  | { kind: 'unrecognised' };

const TOO_EARLY_KEY = /^ERROR_ANTELACION_CLIENTE(?:_HORAS)?$/i;
const SAME_HOUR_KEY = 'NOPUEDESRESERVAMISMAHORA';
const CONTRACT_LIMIT_KEY = 'HASSUPERADOLIMITCONTR';

export function readBookAnswer(answer: BookResponse): BookAnswerReading {
  const bookState = answer.bookState ?? null;
  if (bookState === 1 || bookState === 0) return { kind: 'accepted', bookState, reservationId: answer.id ?? null };

  const message = plainText(answer.errorMssg ?? '');
  const key = (answer.errorMssgLang ?? '').trim();

  // The stable key wins over the number: -12 covers several reasons (reference §4.4).
  if (TOO_EARLY_KEY.test(key)) return outcome({ kind: 'too_early', window: parseTooEarlyWindow(message, key), message });
  if (key.toUpperCase() === SAME_HOUR_KEY) return outcome({ kind: 'already_booked_same_hour' });
  if (key.toUpperCase() === CONTRACT_LIMIT_KEY) return outcome({ kind: 'no_credit' });

  switch (bookState) {
    case -1:
      return outcome({ kind: 'full' });
    case -2:
      return outcome({ kind: 'no_credit' });
    case -4:
      return outcome({ kind: 'too_early', window: parseTooEarlyWindow(message), message });
    case -5:
      return outcome({ kind: 'payment_pending' });
    case -7:
      return outcome({ kind: 'too_late' });
    case -8:
      return outcome({ kind: 'max_per_day', max: answer.max ?? null });
  }

  // -12 without a known key, another code, or a text-only rejection (box rules: alliso 2ff12dd).
  const byText = outcomeFromText(message);
  if (byText) return outcome(byText);
  if (message) return outcome({ kind: 'not_allowed', message });
  if (bookState !== null) return outcome({ kind: 'not_allowed', message: key || `AimHarder refused the booking (bookState ${bookState}).` });
  return { kind: 'unrecognised' };
}

function outcomeFromText(message: string): BookingOutcome | null {
  const lower = message.toLowerCase();
  if (/antelaci[oó]|in advance|of anticipation/.test(lower) && /m[aáeé]s de|more than/.test(lower)) {
    return { kind: 'too_early', window: parseTooEarlyWindow(message), message };
  }
  if (/misma hora|mateixa hora|same (?:time|hour)/.test(lower)) return { kind: 'already_booked_same_hour' };
  return null;
}

function outcome(value: BookingOutcome): BookAnswerReading {
  return { kind: 'outcome', outcome: value };
}
