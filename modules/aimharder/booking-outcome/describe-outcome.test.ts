import { describe, expect, it } from 'vitest';
import { isRetryableBookingOutcome, type BookingOutcome, type CancelOutcome } from './booking-outcome';
import { describeBookingOutcome, describeCancelOutcome } from './describe-outcome';

const OUTCOMES: BookingOutcome[] = [
  { kind: 'booked', reservationId: '1' },
  { kind: 'waitlisted', reservationId: null },
  { kind: 'too_early', window: { unit: 'days', amount: 4 }, message: 'x' },
  { kind: 'too_early', window: null, message: 'x' },
  { kind: 'full' },
  { kind: 'no_credit' },
  { kind: 'max_per_day', max: 2 },
  { kind: 'max_per_day', max: null },
  { kind: 'too_late' },
  { kind: 'payment_pending' },
  { kind: 'already_booked_same_hour' },
  { kind: 'not_allowed', message: 'Tienes una penalización activa' },
  { kind: 'session_expired' },
  { kind: 'transport_error', detail: 'AimHarder book: no answer within 10000 ms' },
];

describe('describeBookingOutcome', () => {
  it('has a distinct sentence for every outcome in both languages, without internals', () => {
    for (const locale of ['en', 'es'] as const) {
      const texts = OUTCOMES.map((outcome) => describeBookingOutcome(outcome, locale));
      expect(new Set(texts).size).toBe(texts.length);
      for (const text of texts) {
        expect(text).toMatch(/[.:a]$|activa$/);
        expect(text).not.toMatch(/bookState|undefined|null|10000 ms/);
      }
    }
  });

  it('gives the numbers the member needs', () => {
    expect(describeBookingOutcome({ kind: 'too_early', window: { unit: 'days', amount: 4 }, message: '' }, 'en')).toBe(
      "Booking for this class isn't open yet (the box opens it 4 days ahead).",
    );
    expect(describeBookingOutcome({ kind: 'too_early', window: { unit: 'hours', amount: 1 }, message: '' }, 'es')).toBe(
      'La reserva de esta clase aún no está abierta (el box la abre con 1 hora de antelación).',
    );
    expect(describeBookingOutcome({ kind: 'max_per_day', max: 2 }, 'en')).toBe("You've reached the limit of 2 classes of this type per day.");
    expect(describeBookingOutcome({ kind: 'max_per_day', max: 1 }, 'es')).toBe('Ya has alcanzado el máximo de 1 clase de este tipo al día.');
    expect(describeBookingOutcome({ kind: 'not_allowed', message: 'Tienes una penalización activa' }, 'es')).toBe(
      'AimHarder no ha permitido la reserva: Tienes una penalización activa',
    );
  });

  it('speaks Spanish in es and English in en', () => {
    expect(describeBookingOutcome({ kind: 'full' }, 'es')).toBe('La clase está llena.');
    expect(describeBookingOutcome({ kind: 'full' }, 'en')).toBe('The class is full.');
    expect(describeBookingOutcome({ kind: 'booked', reservationId: '1' }, 'es')).toBe('Reserva confirmada: tienes tu plaza.');
  });
});

describe('describeCancelOutcome', () => {
  it('describes every cancel outcome in both languages', () => {
    const outcomes: CancelOutcome[] = [
      { kind: 'cancelled' },
      { kind: 'late_cancellation_required' },
      { kind: 'not_allowed', message: 'No' },
      { kind: 'session_expired' },
      { kind: 'transport_error', detail: 'x' },
    ];
    for (const locale of ['en', 'es'] as const) {
      const texts = outcomes.map((outcome) => describeCancelOutcome(outcome, locale));
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(describeCancelOutcome({ kind: 'cancelled' }, 'es')).toBe('Reserva cancelada.');
    expect(describeCancelOutcome({ kind: 'late_cancellation_required' }, 'en')).toMatch(/forfeits the session/);
  });
});

describe('isRetryableBookingOutcome', () => {
  it('retries only transport errors', () => {
    expect(OUTCOMES.filter(isRetryableBookingOutcome).map((outcome) => outcome.kind)).toEqual(['transport_error']);
  });
});
