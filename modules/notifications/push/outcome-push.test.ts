import { describe, expect, test } from 'vitest';
import { describeFireOffset } from '../outcome-email';
import { composeOutcomePush, type OutcomePushInput } from './outcome-push';

const base: OutcomePushInput = {
  prebookingId: '7d0c4f0e-5a43-4a5e-9f55-3f7e2b8c1a10',
  locale: 'en',
  outcome: 'booked',
  className: 'WOD',
  boxName: 'Prebooker Demo Box',
  classDay: '2027-03-29',
  classStartTime: '18:00',
  resultCode: 'booked',
  resultMessage: null,
  fireOffsetMs: 3.2,
};

describe('the outcome push', () => {
  test('a booking: the email subject as title, the email timing line as body, one action opening the card', () => {
    const push = composeOutcomePush(base);
    expect(push.title).toBe('Booked: WOD, Mon 29 Mar 18:00');
    expect(push.body).toBe(describeFireOffset(3.2, 'en'));
    expect(push.body).toBe('Prebooker sent the booking request 3 ms after booking opened.');
    expect(push.actions).toEqual([{ action: 'open', title: 'See prebooking', url: `/prebookings#prebooking-${base.prebookingId}` }]);
    expect(push.tag).toBe(`prebooking-${base.prebookingId}`);
  });

  test('in Spanish', () => {
    const push = composeOutcomePush({ ...base, locale: 'es', outcome: 'waitlisted', resultCode: 'waitlisted' });
    expect(push.title).toMatch(/^En lista de espera: WOD, lun, 29 mar 18:00$/);
    expect(push.body).toBe('Prebooker envió la reserva 3 ms después de la apertura.');
    expect(push.actions[0]!.title).toBe('Ver prerreserva');
  });

  test('a failure carries its reason and its next step: sign in again when the password was refused', () => {
    const push = composeOutcomePush({ ...base, outcome: 'failed', resultCode: 'login_failed', resultMessage: 'AimHarder no longer accepts your stored password.', fireOffsetMs: null });
    expect(push.title).toBe('Not booked: WOD, Mon 29 Mar 18:00');
    expect(push.body).toBe('AimHarder no longer accepts your stored password.');
    expect(push.actions).toEqual([{ action: 'sign-in', title: 'Sign in again', url: `/sign-in?next=${encodeURIComponent(`/prebookings#prebooking-${base.prebookingId}`)}` }]);
  });

  test('any other failure opens the card to see what happened', () => {
    const push = composeOutcomePush({ ...base, locale: 'es', outcome: 'failed', resultCode: 'full', resultMessage: 'The class was full.', fireOffsetMs: 2 });
    expect(push.body).toBe('La clase estaba llena.');
    expect(push.actions).toEqual([{ action: 'open', title: 'Ver qué pasó', url: `/prebookings#prebooking-${base.prebookingId}` }]);
  });

  test('stays well under the 4 KB a push may carry', () => {
    const push = composeOutcomePush({ ...base, className: 'W'.repeat(200), outcome: 'failed', resultMessage: 'x'.repeat(500) });
    expect(Buffer.byteLength(JSON.stringify(push))).toBeLessThan(3000);
  });
});
