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

  test('a booked second choice says which choice, which class, and how soon after its opening', () => {
    const alternative = { classId: '2', classDay: '2026-12-10', classStartTime: '19:00', classStartsAt: '2026-12-10T18:00:00.000Z', className: 'WOD', availableAt: '2026-12-06T18:00:00.000Z' };
    const second = { ...base, status: 'completed' as const, resultCode: 'booked', fireOffsetMs: 3, bookedChoice: 2, bookedChoiceOffsetMs: 41, alternatives: [alternative] };
    expect(outcomeText(second, 'en')).toBe('Booked your 2nd choice, 19:00 WOD, 41 ms after opening.');
    expect(outcomeText(second, 'es')).toBe('Reservada tu 2.ª opción, 19:00 WOD, 41 ms tras la apertura.');
  });

  test('nothing to say while it waits', () => {
    expect(outcomeText({ ...base, status: 'scheduled' }, 'en')).toBeNull();
    expect(outcomeText({ ...base, status: 'cancelled', resultCode: 'cancelled_by_member' }, 'es')).toBe('Cancelaste esta prerreserva.');
  });

  test('a prebooking replacing a held booking says what will happen to it, then what did, in the member’s language', () => {
    const replaced = { reservationId: '106015104', classId: '646157', classDay: '2026-12-10', classStartTime: '18:00', className: 'WOD', state: 'booked' as const };
    const waiting = { ...base, status: 'scheduled' as const, replacesBooking: replaced };
    expect(outcomeText(waiting, 'en')).toBe('At the opening Prebooker cancels your 18:00 WOD and books this class at once; if this class cannot be booked, it books your 18:00 WOD again.');
    const swapped = { ...base, status: 'completed' as const, resultCode: 'booked', bookedOffsetMs: 5, replacesBooking: { ...replaced, swap: 'cancelled' as const } };
    expect(outcomeText(swapped, 'en')).toBe('Booked 5 ms after opening. Your 18:00 WOD was cancelled to make room for it.');
    expect(outcomeText(swapped, 'es')).toBe('Reservada 5 ms después de la apertura. Tu 18:00 WOD se canceló para dejarle sitio.');
    const rebooked = {
      ...base,
      status: 'failed' as const,
      resultCode: 'full',
      resultMessage: 'The class is full. Your 18:00 WOD was cancelled at the opening to make room, and as this class could not be booked we booked your 18:00 WOD again.',
      replacesBooking: { ...replaced, swap: 'rebooked' as const, rebookedReservationId: '106015999' },
    };
    expect(outcomeText(rebooked, 'en')).toBe(rebooked.resultMessage);
    expect(outcomeText(rebooked, 'es')).toBe(
      'La clase está completa. Tu 18:00 WOD se canceló en la apertura para dejar sitio y, como esta clase no se pudo reservar, volvimos a reservar tu 18:00 WOD.',
    );
    const lost = { ...rebooked, resultMessage: null, replacesBooking: { ...replaced, swap: 'lost' as const } };
    expect(outcomeText(lost, 'es')).toContain('no pudimos recuperarla');
    expect(outcomeText({ ...base, status: 'failed' as const, resultCode: 'replace_kept', replacesBooking: { ...replaced, swap: 'kept' as const } }, 'es')).toBe(
      'Tu 18:00 WOD se mantuvo: AimHarder no nos dejó cancelarla en la apertura, así que esta clase no se reservó.',
    );
  });
});
