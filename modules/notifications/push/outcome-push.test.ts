import { describe, expect, test } from 'vitest';
import { describeBookedOffset } from '../outcome-email';
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
  bookedOffsetMs: 3.2,
  bookedOnRetry: false,
};

describe('the outcome push', () => {
  test('a booking: the email subject as title, the email timing line as body, one action opening the card', () => {
    const push = composeOutcomePush(base);
    expect(push.title).toBe('Booked: WOD, Mon 29 Mar 18:00');
    expect(push.body).toBe(describeBookedOffset(3.2, false, 'en'));
    expect(push.body).toBe('Prebooker got the place with a request sent 3.2 ms after booking opened.');
    expect(push.actions).toEqual([{ action: 'open', title: 'See prebooking', url: `/my-classes#prebooking-${base.prebookingId}` }]);
    expect(push.tag).toBe(`prebooking-${base.prebookingId}`);
  });

  test('a place that came on a retry minutes later says so, as the email does', () => {
    const push = composeOutcomePush({ ...base, bookedOffsetMs: 242_000, bookedOnRetry: true });
    expect(push.body).toBe('The place came on a retry, 4 min 2 s after booking opened.');
  });

  test('in Spanish', () => {
    const push = composeOutcomePush({ ...base, locale: 'es', outcome: 'waitlisted', resultCode: 'waitlisted' });
    expect(push.title).toMatch(/^En lista de espera: WOD, lun, 29 mar 18:00$/);
    expect(push.body).toBe('Prebooker consiguió la plaza con una petición enviada 3,2 ms después de la apertura.');
    expect(push.actions[0]!.title).toBe('Ver prerreserva');
  });

  test('a failure carries its reason and its next step: sign in again when the password was refused', () => {
    const push = composeOutcomePush({ ...base, outcome: 'failed', resultCode: 'login_failed', resultMessage: 'AimHarder no longer accepts your stored password.', bookedOffsetMs: null });
    expect(push.title).toBe('Not booked: WOD, Mon 29 Mar 18:00');
    expect(push.body).toBe('AimHarder no longer accepts your stored password.');
    expect(push.actions).toEqual([{ action: 'sign-in', title: 'Sign in again', url: `/sign-in?next=${encodeURIComponent(`/my-classes#prebooking-${base.prebookingId}`)}` }]);
  });

  test('any other failure opens the card to see what happened', () => {
    const push = composeOutcomePush({ ...base, locale: 'es', outcome: 'failed', resultCode: 'full', resultMessage: 'The class was full.', bookedOffsetMs: 2 });
    expect(push.body).toBe('La clase estaba llena.');
    expect(push.actions).toEqual([{ action: 'open', title: 'Ver qué pasó', url: `/my-classes#prebooking-${base.prebookingId}` }]);
  });

  test('stays well under the 4 KB a push may carry', () => {
    const push = composeOutcomePush({ ...base, className: 'W'.repeat(200), outcome: 'failed', resultMessage: 'x'.repeat(500) });
    expect(Buffer.byteLength(JSON.stringify(push))).toBeLessThan(3000);
  });
});
