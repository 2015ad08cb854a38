/**
 * Every server action (modules/*\/*.actions.ts) with bad input, a foreign id, or the wrong caller.
 *
 * How they are reached: in-process, the real action functions with only `next/headers` replaced by
 * a stand-in carrying the caller's real session cookie; everything behind them (session check,
 * zod parse, services, the database, QStash, the AimHarder simulator) is the running test stack.
 * The Next action protocol over HTTP needs the build's action ids (a manifest that `next dev`
 * writes only after compiling each page) and an RSC-encoded body; what it adds is framework
 * decoding, not our code, so it is not worth the time and fragility here.
 *
 * An action never throws to the browser: bad input is `{ ok: false, reason: 'validation' }`, a
 * foreign prebooking `not_found`, a non-admin `forbidden`, nobody `unauthenticated`; and nothing
 * changes (every table and the simulator's booking requests compared per action).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { resetEnvCache } from '../../core/config/env';
import * as accountActions from '../../modules/account/account.actions';
import * as adminActions from '../../modules/admin/admin.actions';
import * as i18nActions from '../../modules/i18n/i18n.actions';
import { createPrebookingInputSchema, prebookingIdSchema } from '../../modules/prebooking/prebooking.schema';
import * as scheduleActions from '../../modules/schedule/schedule.actions';
import { bookClassInputSchema, cancelBookingInputSchema } from '../../modules/schedule/schedule.schema';
import { createPrebookingFor, createSimClass, newSignedInMember, signIn, testDatabase, type SignedInMember } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { diffSnapshots, junkValue, mutateObject, seededRandom, snapshotState, type StateSnapshot } from './security-support';

const caller = vi.hoisted(() => ({ sessionToken: undefined as string | undefined, cookiesSet: [] as string[] }));

vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'prebooker_session' && caller.sessionToken ? { name, value: caller.sessionToken } : undefined),
    set: (name: string) => {
      caller.cookiesSet.push(name);
    },
  }),
  headers: async () => new Headers({ 'accept-language': 'en', 'x-forwarded-for': '203.0.113.7' }),
}));

const ADMIN = { email: 'admin@prebooker.local', password: 'admin-password' };
const FUZZ_PER_ACTION = 4;

const tokenOf = (member: SignedInMember | undefined) => member?.cookie.split('=').slice(1).join('=');

describe('server actions with bad input, foreign ids and the wrong caller', () => {
  const actions = { schedule: scheduleActions, admin: adminActions, i18n: i18nActions, account: accountActions };
  let member: SignedInMember;
  let otherMember: SignedInMember;
  let admin: SignedInMember;
  let foreignPrebooking: string;
  let last: StateSnapshot;

  beforeAll(async () => {
    // The actions read their configuration from the environment (lazily, on first use), as in the app.
    Object.assign(process.env, getTestStack().env);
    resetEnvCache();
    [member, otherMember, admin] = await Promise.all([newSignedInMember('action'), newSignedInMember('action-other'), signIn(ADMIN.email, ADMIN.password)]);
    foreignPrebooking = (await createPrebookingFor(otherMember, await createSimClass({ opensInMs: 45 * 60_000 }))).id;
    last = await snapshotState();
  }, 90_000);

  async function expectNoChange(): Promise<void> {
    const now = await snapshotState();
    expect(diffSnapshots(last, now)).toEqual([]);
    last = now;
  }

  const as = (who: SignedInMember | undefined) => {
    caller.sessionToken = tokenOf(who);
    caller.cookiesSet = [];
  };

  interface ObjectAction {
    name: string;
    run: (input: unknown) => Promise<{ ok: boolean; message: string; reason?: string }>;
    schema: z.ZodType;
    valid: Record<string, unknown>;
    who: () => SignedInMember;
  }

  const objectActions = (): ObjectAction[] => [
    { name: 'bookClassAction', run: (input) => actions.schedule.bookClassAction(input), schema: bookClassInputSchema, valid: { boxId: 10122, day: '2027-01-04', classId: 'c1', waitlist: false }, who: () => member },
    { name: 'cancelBookingAction', run: (input) => actions.schedule.cancelBookingAction(input), schema: cancelBookingInputSchema, valid: { boxId: 10122, reservationId: 'r1', late: false }, who: () => member },
    { name: 'prebookClassAction', run: (input) => actions.schedule.prebookClassAction(input), schema: createPrebookingInputSchema, valid: { boxId: 10122, day: '2027-01-04', classId: 'c1', waitlistIfFull: false }, who: () => member },
    { name: 'cancelPrebookingAction', run: (input) => actions.schedule.cancelPrebookingAction(input), schema: prebookingIdInputSchema, valid: { prebookingId: foreignPrebooking }, who: () => member },
    // Issue 13: a failed prebooking's next steps.
    { name: 'prebookNextAction', run: (input) => actions.schedule.prebookNextAction(input), schema: prebookingIdInputSchema, valid: { prebookingId: foreignPrebooking }, who: () => member },
    { name: 'dismissPrebookingAction', run: (input) => actions.schedule.dismissPrebookingAction(input), schema: prebookingIdInputSchema, valid: { prebookingId: foreignPrebooking }, who: () => member },
    { name: 'retryPrebookingAction', run: (input) => actions.admin.retryPrebookingAction(input), schema: prebookingIdInputSchema, valid: { prebookingId: foreignPrebooking }, who: () => admin },
    { name: 'adminCancelPrebookingAction', run: (input) => actions.admin.adminCancelPrebookingAction(input), schema: prebookingIdInputSchema, valid: { prebookingId: foreignPrebooking }, who: () => admin },
  ];

  const prebookingIdInputSchema = z.strictObject({ prebookingId: prebookingIdSchema });

  const FIXED_BAD_INPUTS: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'prebook'],
    ['an array', [{ boxId: 10122 }]],
    ['an empty object', {}],
    ['a 2 MB string field', { boxId: 10122, day: '2027-01-04', classId: 'x'.repeat(2 * 1024 * 1024), prebookingId: 'x'.repeat(2 * 1024 * 1024) }],
    ['a prototype-pollution attempt', JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"role": "admin"}}}')],
  ];

  const names = ['bookClassAction', 'cancelBookingAction', 'prebookClassAction', 'cancelPrebookingAction', 'prebookNextAction', 'dismissPrebookingAction', 'retryPrebookingAction', 'adminCancelPrebookingAction'];

  describe.each(names.map((name, index) => ({ name, index })))('$name', ({ name, index }) => {
    const action = () => objectActions().find((candidate) => candidate.name === name)!;

    test.each(FIXED_BAD_INPUTS.map(([label, input]) => ({ label, input })))('$label → { ok: false, reason: validation }', async ({ input }) => {
      as(action().who());
      const result = await action().run(input);
      expect(result).toMatchObject({ ok: false, reason: 'validation' });
      expect(result.message).toEqual(expect.any(String));
    });

    test.each(Array.from({ length: FUZZ_PER_ACTION }, (_unused, offset) => ({ seed: 9_000 + index * 100 + offset })))('fuzz seed $seed → { ok: false, reason: validation }', async ({ seed }) => {
      const random = seededRandom(seed);
      const { valid, schema, run, who } = action();
      let mutated = mutateObject(valid, random);
      for (let tries = 0; schema.safeParse(mutated.body).success && tries < 50; tries += 1) mutated = mutateObject(valid, random);
      expect(schema.safeParse(mutated.body).success, `seed ${seed} found no invalid mutation`).toBe(false);
      as(who());
      expect(await run(mutated.body), mutated.how).toMatchObject({ ok: false, reason: 'validation' });
    });

    test('anonymous, even with a valid input → { ok: false, reason: unauthenticated }', async () => {
      as(undefined);
      expect(await action().run(action().valid)).toMatchObject({ ok: false, reason: 'unauthenticated' });
    });

    test('…and none of it changed anything', expectNoChange);
  });

  test("prebookNextAction and dismissPrebookingAction on another member's prebooking → not_found, nothing changes", async () => {
    as(member);
    expect(await actions.schedule.prebookNextAction({ prebookingId: foreignPrebooking })).toMatchObject({ ok: false, reason: 'not_found' });
    expect(await actions.schedule.dismissPrebookingAction({ prebookingId: foreignPrebooking })).toMatchObject({ ok: false, reason: 'not_found' });
    await expectNoChange();
  });

  test("cancelPrebookingAction on another member's prebooking → not_found, and it stays scheduled", async () => {
    as(member);
    expect(await actions.schedule.cancelPrebookingAction({ prebookingId: foreignPrebooking })).toMatchObject({ ok: false, reason: 'not_found' });
    const { data } = await testDatabase().from('prebookings').select('status').eq('id', foreignPrebooking).single();
    expect((data as { status: string }).status).toBe('scheduled');
    await expectNoChange();
  });

  test.each(['retryPrebookingAction', 'adminCancelPrebookingAction'] as const)('%s by a non-admin → forbidden, nothing changes', async (name) => {
    as(member);
    expect(await actions.admin[name]({ prebookingId: foreignPrebooking })).toMatchObject({ ok: false, reason: 'forbidden' });
    await expectNoChange();
  });

  test.each(['retryPrebookingAction', 'adminCancelPrebookingAction'] as const)('%s by an admin on an unknown id → not_found', async (name) => {
    as(admin);
    expect(await actions.admin[name]({ prebookingId: randomUUID() })).toMatchObject({ ok: false, reason: 'not_found' });
    await expectNoChange();
  });

  test.each([undefined, null, 42, 'fr', 'EN', 'es-ES', '', { locale: 'es' }, ['es'], 'x'.repeat(100_000)].map((input) => ({ input, shown: JSON.stringify(input)?.slice(0, 30) ?? 'undefined' })))(
    'setLocaleAction($shown) → { ok: false }, no cookie, locale unchanged',
    async ({ input }) => {
      as(member);
      expect(await actions.i18n.setLocaleAction(input)).toEqual({ ok: false });
      expect(caller.cookiesSet).toEqual([]);
      await expectNoChange();
    },
  );

  const signInForms: Array<[string, Record<string, string | Blob>]> = [
    ['no fields', {}],
    ['an email that is not one', { email: 'not-an-email', password: 'pw' }],
    ['an empty password', { email: 'someone@test.local', password: '' }],
    ['a 300-character email', { email: `${'a'.repeat(290)}@test.local`, password: 'pw' }],
    ['a 10 kB password', { email: 'someone@test.local', password: 'p'.repeat(10_000) }],
    ['a file instead of the email', { email: new Blob(['someone@test.local']), password: 'pw' }],
    ['unicode junk', { email: '😀@\u202E.\u0000', password: '\uD800' }],
  ];
  test.each(signInForms.map(([label, fields]) => ({ label, fields })))('signInAction with $label → validation field errors, no session', async ({ fields }) => {
    as(undefined);
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    const state = await actions.account.signInAction({}, form);
    expect(state.reason).toBe('validation');
    expect(Object.keys(state.fieldErrors ?? {}).length).toBeGreaterThan(0);
    expect(caller.cookiesSet).toEqual([]);
    await expectNoChange();
  });

  test('signOutAction without a session only redirects to sign-in, and changes nothing', async () => {
    as(undefined);
    const form = new FormData();
    form.set('forget', 'on');
    await expect(actions.account.signOutAction(form)).rejects.toMatchObject({ digest: expect.stringContaining('/sign-in') });
    await expectNoChange();
  });

  test('signOutAction with a junk "forget" value signs out but keeps the AimHarder credentials', async () => {
    const leaving = await newSignedInMember('action-leaving');
    last = await snapshotState();
    as(leaving);
    const form = new FormData();
    form.set('forget', String(junkValue(seededRandom(1))));
    await expect(actions.account.signOutAction(form)).rejects.toMatchObject({ digest: expect.stringContaining('/sign-in') });
    const { data } = await testDatabase().from('aimharder_credentials').select('member_id').eq('member_id', leaving.id);
    expect(data).toHaveLength(1);
    last = await snapshotState();
  });
});
