import { describe, expect, test } from 'vitest';
import { outcomeText } from './prebooking-cards.service';

const base = { resultCode: null, resultMessage: null, fireOffsetMs: null, bookedOffsetMs: null, bookedOnRetry: false };

describe('the outcome a member reads', () => {
  test('a booking says how long after the opening it was sent', () => {
    expect(outcomeText({ ...base, status: 'completed', resultCode: 'booked', fireOffsetMs: 12, bookedOffsetMs: 12 }, 'en')).toBe('Booked 12 ms after opening.');
    expect(outcomeText({ ...base, status: 'completed', resultCode: 'booked', fireOffsetMs: 3.4, bookedOffsetMs: 3.4 }, 'es')).toBe('Reservada 3,4 ms después de la apertura.');
    expect(outcomeText({ ...base, status: 'completed', resultCode: 'waitlisted', fireOffsetMs: 8, bookedOffsetMs: 8 }, 'en')).toBe('Joined the waiting list 8 ms after opening.');
  });

  test('a booking that came on a retry states the offset of that retry, not the first fire', () => {
    const retried = { ...base, status: 'completed' as const, resultCode: 'booked', fireOffsetMs: 1, bookedOffsetMs: 242_000, bookedOnRetry: true };
    expect(outcomeText(retried, 'en')).toBe('Booked 4 min 2 s after opening, on a retry.');
    expect(outcomeText(retried, 'es')).toBe('Reservada 4 min 2 s después de la apertura, en un reintento.');
  });

  test('a failure gives the reason, translated, with the timing when it fired', () => {
    const full = { ...base, status: 'failed' as const, resultCode: 'full', resultMessage: 'The class is full (12/12).', fireOffsetMs: 9 };
    expect(outcomeText(full, 'en')).toBe('The class is full (12/12). Sent 9 ms after opening.');
    expect(outcomeText(full, 'es')).toBe('La clase está completa. Enviada 9 ms después de la apertura.');
    expect(outcomeText({ ...base, status: 'failed', resultCode: 'credentials_missing' }, 'es')).toMatch(/^Prebooker ya no tiene tus credenciales/);
  });

  test('nothing to say while it waits', () => {
    expect(outcomeText({ ...base, status: 'scheduled' }, 'en')).toBeNull();
    expect(outcomeText({ ...base, status: 'cancelled', resultCode: 'cancelled_by_member' }, 'es')).toBe('Cancelaste esta prerreserva.');
  });
});
