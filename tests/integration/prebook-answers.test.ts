/**
 * Issue 19 item 3: Prebook says what it did. A class whose opening Prebooker cannot place (a box
 * whose rule is not known yet) offers Prebook, and Prebook asks AimHarder when the class may be open
 * already: the answer names which of the two happened, a booking made at once or a prebooking for
 * an instant. The real action runs in-process against the test stack, with only `next/headers`
 * replaced by the caller's session cookie (as tests/reliability/server-actions-bad-input.test.ts).
 */
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { resetEnvCache } from '../../core/config/env';
import { prebookClassAction } from '../../modules/schedule/schedule.actions';
import { createSimClass, newSignedInMember, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';

const caller = vi.hoisted(() => ({ sessionToken: undefined as string | undefined }));

vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'prebooker_session' && caller.sessionToken ? { name, value: caller.sessionToken } : undefined),
    set: () => undefined,
  }),
  headers: async () => new Headers({ 'accept-language': 'en', 'x-forwarded-for': '203.0.113.8' }),
}));

describe('what Prebook answers', () => {
  let member: SignedInMember;

  beforeAll(async () => {
    Object.assign(process.env, getTestStack().env);
    resetEnvCache();
    member = await newSignedInMember('prebook-answer');
    caller.sessionToken = member.cookie.split('=').slice(1).join('=');
  }, 60_000);

  test('a class already open is booked at once, and the answer says so instead of "Prebooked"', async () => {
    const open = await createSimClass({ opensInMs: -1, name: 'PREBOOK ANSWER OPEN' });
    const result = await prebookClassAction({ boxId: 10122, day: open.day, classId: open.id, waitlistIfFull: false });
    expect(result).toMatchObject({ ok: true, kind: 'booked' });
    expect(result.message).toMatch(/^Booking was already open, so Prebooker booked it right away\. /);
    expect(result.message).not.toMatch(/Prebooked/);
  });

  test('a class not open yet is prebooked, and the answer names the instant', async () => {
    const later = await createSimClass({ opensInMs: 3 * 3_600_000, name: 'PREBOOK ANSWER LATER' });
    const result = await prebookClassAction({ boxId: 10122, day: later.day, classId: later.id, waitlistIfFull: false });
    expect(result).toMatchObject({ ok: true, kind: 'prebooked' });
    expect(result.message).toMatch(/^Prebooked\. Prebooker will book it at .+ CES?T\.$/);
  });
});
