import { describe, expect, it } from 'vitest';
import { readBookAnswer } from './interpret-book-answer';
import { readCancelAnswer } from './interpret-cancel-answer';

describe('readBookAnswer', () => {
  it('lets the stable key win over the number', () => {
    expect(readBookAnswer({ bookState: -1, errorMssgLang: 'NOPUEDESRESERVAMISMAHORA' })).toEqual({ kind: 'outcome', outcome: { kind: 'already_booked_same_hour' } });
  });

  it('leaves acceptances to the client, with the id as a string', () => {
    expect(readBookAnswer({ bookState: 1, id: '42' })).toEqual({ kind: 'accepted', bookState: 1, reservationId: '42' });
    expect(readBookAnswer({ bookState: 0 })).toEqual({ kind: 'accepted', bookState: 0, reservationId: null });
  });

  it('recognises a same-hour conflict by its text when the key is missing', () => {
    expect(readBookAnswer({ bookState: -12, errorMssg: 'No puedes hacer más de una reserva a la misma hora' })).toEqual({
      kind: 'outcome',
      outcome: { kind: 'already_booked_same_hour' },
    });
  });

  it('does not read a too-late message as too early', () => {
    expect(readBookAnswer({ bookState: -7, errorMssg: 'No puedes reservar con menos de 15 minutos de antelación' })).toEqual({ kind: 'outcome', outcome: { kind: 'too_late' } });
    expect(readBookAnswer({ errorMssg: 'No puedes reservar con menos de 15 minutos de antelación' })).toEqual({
      kind: 'outcome',
      outcome: { kind: 'not_allowed', message: 'No puedes reservar con menos de 15 minutos de antelación' },
    });
  });

  it('says when it cannot tell', () => {
    expect(readBookAnswer({})).toEqual({ kind: 'unrecognised' });
  });
});

describe('readCancelAnswer', () => {
  it('maps cancelState 1/2/3 and refuses to guess otherwise', () => {
    expect(readCancelAnswer({ cancelState: 1 })).toEqual({ kind: 'cancelled' });
    expect(readCancelAnswer({ cancelState: 2 })).toEqual({ kind: 'late_cancellation_required' });
    expect(readCancelAnswer({ cancelState: 3, errorMssg: 'La clase ya ha empezado' })).toEqual({ kind: 'not_allowed', message: 'La clase ya ha empezado' });
    expect(readCancelAnswer({ cancelState: 9 })).toEqual({ kind: 'not_allowed', message: 'AimHarder refused the cancellation (cancelState 9).' });
    expect(readCancelAnswer({})).toBeNull();
  });
});
