/**
 * The real AimHarder client (modules/aimharder) against the simulator (dev/aimharder), over real
 * HTTP. Each test starts its own simulator, so nothing here depends on the shared test stack.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, systemClock } from '@/core/time/clock';
import { DEMO, DEMO_USER_IDS, startAimHarderSimulator, type RunningSimulator, type SimulatorOptions } from '@/dev/aimharder';
import {
  AimHarderLoginError,
  computeOpeningInstant,
  createAimHarderClient,
  ruleFromWindowHint,
  type AimHarderClient,
  type BoxRef,
} from '@/modules/aimharder';

const DEMO_BOX: BoxRef = { boxId: DEMO.box.boxId, subdomain: DEMO.box.subdomain };
/** Monday 2026-06-15, 10:00 in Madrid. */
const MONDAY_10_MADRID = Date.parse('2026-06-15T08:00:00Z');

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

async function startSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startAimHarderSimulator({ port: 0, ...options });
  running.push(sim);
  return sim;
}

function clientFor(sim: RunningSimulator, credentials: { email: string; password: string } | null = DEMO.member, extra: { session?: string; timeoutMs?: number } = {}): AimHarderClient {
  return createAimHarderClient({
    hosts: sim.hosts,
    ...(credentials ? { credentials: { email: credentials.email, password: credentials.password } } : {}),
    timeoutMs: extra.timeoutMs ?? 5_000,
    ...(extra.session ? { session: extra.session } : {}),
  });
}

/** YYYYMMDD → YYYY-MM-DD, the client's day format. */
const isoDay = (day: string) => `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;

describe('AimHarder client against the simulator', () => {
  test('login → list → book → next bookings → cancel', async () => {
    const sim = await startSim();
    const created = sim.createClass({ box: 'demobox', name: 'WOD', capacity: 10, opensInMs: -60_000 });
    const client = clientFor(sim);

    const identity = await client.login();
    expect(identity.userId).toBe(String(DEMO_USER_IDS.member));
    expect(identity.name).toBe(DEMO.member.name);
    expect(identity.memberships).toEqual([
      expect.objectContaining({ boxId: 10122, subdomain: 'demobox', name: 'Prebooker Demo Box' }),
      expect.objectContaining({ boxId: 10245, subdomain: 'nortebox' }),
    ]);
    expect(await client.whoami()).toMatchObject({ userId: String(DEMO_USER_IDS.member) });

    const before = await client.listClasses(DEMO_BOX, isoDay(created.day));
    const slot = before.find((candidate) => candidate.id === created.id);
    expect(slot).toMatchObject({ day: isoDay(created.day), startTime: created.time, name: 'WOD', capacity: 10, bookedCount: 0, memberState: 'none', reservationId: null });

    const outcome = await client.book(DEMO_BOX, isoDay(created.day), created.id);
    expect(outcome).toEqual({ kind: 'booked', reservationId: expect.stringMatching(/^\d+$/) });
    const reservationId = outcome.kind === 'booked' ? outcome.reservationId : '';
    expect(sim.classState(created.id).bookings.map((entry) => entry.reservationId)).toEqual([reservationId]);

    const after = (await client.listClasses(DEMO_BOX, isoDay(created.day))).find((candidate) => candidate.id === created.id);
    expect(after).toMatchObject({ memberState: 'booked', reservationId, bookedCount: 1 });
    expect(await client.nextBookings(DEMO_BOX)).toEqual([
      expect.objectContaining({ reservationId, day: isoDay(created.day), time: created.time, className: 'WOD', state: 'booked' }),
    ]);

    expect(await client.book(DEMO_BOX, isoDay(created.day), created.id)).toEqual({ kind: 'already_booked_same_hour' });
    expect(await client.cancel(DEMO_BOX, reservationId)).toEqual({ kind: 'cancelled' });
    expect((await client.listClasses(DEMO_BOX, isoDay(created.day))).find((candidate) => candidate.id === created.id)).toMatchObject({
      memberState: 'none',
      reservationId: null,
    });
    expect(await client.nextBookings(DEMO_BOX)).toEqual([]);
  });

  test('an expired session is noticed ({"logout":1}) and the client logs in again once', async () => {
    const sim = await startSim();
    const created = sim.createClass({ box: 'demobox', opensInMs: -60_000 });
    const client = clientFor(sim);
    await client.login();
    sim.resetRequests();
    sim.expireSessions({ userId: String(DEMO_USER_IDS.member) });

    expect(await client.whoami()).toBeNull();
    const outcome = await client.book(DEMO_BOX, isoDay(created.day), created.id);
    expect(outcome.kind).toBe('booked');
    const endpoints = sim.requests().map((record) => `${record.endpoint}:${record.result?.logout ? 'logout' : (record.result?.bookState ?? record.result?.status)}`);
    expect(endpoints.filter((entry) => entry.startsWith('login'))).toHaveLength(1);
    expect(endpoints.filter((entry) => entry.startsWith('book:'))).toEqual(['book:logout', 'book:1']);

    // Without credentials there is nothing to log in with: the outcome says so.
    const session = client.exportSession();
    sim.expireSessions();
    const sessionOnly = clientFor(sim, null, { session });
    const second = sim.createClass({ box: 'demobox', opensInMs: -60_000, time: '06:00', day: created.day });
    expect(await sessionOnly.book(DEMO_BOX, isoDay(second.day), second.id)).toEqual({ kind: 'session_expired' });
  });

  test('a stored session is reused without a new login', async () => {
    const sim = await startSim();
    const first = clientFor(sim);
    await first.login();
    const restored = clientFor(sim, DEMO.member, { session: first.exportSession() });
    sim.resetRequests();
    expect(await restored.whoami()).toMatchObject({ userId: String(DEMO_USER_IDS.member) });
    expect(sim.requests().map((record) => record.endpoint)).toEqual(['whoami']);
  });

  test('too early until exactly the opening instant (injected clock), then booked', async () => {
    const clock = createManualClock(MONDAY_10_MADRID + 17_000);
    const sim = await startSim({ clock, settings: { prefillOpenClasses: false } });
    const created = sim.createClass({ box: 'demobox', opensInMs: 20_000 });
    const client = clientFor(sim);
    await client.login();

    clock.set(created.opensAtMs - 1);
    const early = await client.book(DEMO_BOX, isoDay(created.day), created.id);
    expect(early).toMatchObject({ kind: 'too_early', window: { unit: 'days', amount: 4 } });
    // What the app does with that answer: learn the rule and compute the opening from the class time.
    if (early.kind === 'too_early' && early.window) {
      const opening = computeOpeningInstant(ruleFromWindowHint(early.window), isoDay(created.day), created.time, DEMO.box.timeZone);
      expect(opening.getTime()).toBe(created.opensAtMs);
    }

    clock.set(created.opensAtMs);
    expect(await client.book(DEMO_BOX, isoDay(created.day), created.id)).toMatchObject({ kind: 'booked' });
    expect(sim.requests({ classId: created.id }).map((record) => record.offsetMs)).toEqual([-1, 0]);
  });

  test('a class filled by rivals: on time books, late finds it full (and can queue)', async () => {
    const sim = await startSim();
    const created = sim.createClass({ box: 'demobox', capacity: 12, exactOpening: true, opensInMs: 1_500, rivals: { count: 12 } });
    const onTime = clientFor(sim);
    const late = clientFor(sim, DEMO.secondMember);
    await Promise.all([onTime.login(), late.login()]);
    await onTime.warmUp(DEMO_BOX);

    await systemClock.sleepUntil(created.opensAtMs);
    expect(await onTime.book(DEMO_BOX, isoDay(created.day), created.id)).toMatchObject({ kind: 'booked' });

    await systemClock.sleepUntil(created.opensAtMs + 2_000);
    expect(sim.classState(created.id).ocupation).toBe(12);
    expect(await late.book(DEMO_BOX, isoDay(created.day), created.id)).toEqual({ kind: 'full' });
    expect(await late.book(DEMO_BOX, isoDay(created.day), created.id, { waitlist: true })).toMatchObject({ kind: 'waitlisted' });
    const onTimeOffset = sim.requests({ classId: created.id }).find((record) => record.userId === String(DEMO_USER_IDS.member))?.offsetMs;
    expect(onTimeOffset).toBeGreaterThanOrEqual(0);
    expect(onTimeOffset).toBeLessThan(150);
  });

  test('every refusal maps to its outcome', async () => {
    const clock = createManualClock(Date.parse('2026-06-15T17:30:00Z'));
    const sim = await startSim({ clock, settings: { prefillOpenClasses: false } });
    sim.createMember({ email: 'broke@x.test', password: 'pw', noCredit: true });
    sim.createMember({ email: 'debtor@x.test', password: 'pw', paymentPending: true });
    const client = clientFor(sim);
    const friday = '2026-06-19';
    const rows = await client.listClasses(DEMO_BOX, friday);
    const at = (time: string) => rows.find((row) => row.startTime === time)!.id;
    expect((await client.book(DEMO_BOX, friday, at('07:00'))).kind).toBe('booked');
    expect((await client.book(DEMO_BOX, friday, at('09:00'))).kind).toBe('booked');
    expect(await client.book(DEMO_BOX, friday, at('18:00'))).toEqual({ kind: 'max_per_day', max: 2 });
    expect(await clientFor(sim, { email: 'broke@x.test', password: 'pw' }).book(DEMO_BOX, friday, at('18:00'))).toEqual({ kind: 'no_credit' });
    expect(await clientFor(sim, { email: 'debtor@x.test', password: 'pw' }).book(DEMO_BOX, friday, at('18:00'))).toEqual({ kind: 'payment_pending' });
    const today = (await client.listClasses(DEMO_BOX, '2026-06-15')).find((row) => row.startTime === '19:00')!;
    clock.set(Date.parse('2026-06-15T16:50:00Z')); // 18:50 in Madrid: 10 min before 19:00, notice is 15 min
    expect(await client.book(DEMO_BOX, '2026-06-15', today.id)).toEqual({ kind: 'too_late' });
    expect((await client.book(DEMO_BOX, friday, '123')).kind).toBe('not_allowed');
  });

  test('late cancellation needs confirmation', async () => {
    const clock = createManualClock(MONDAY_10_MADRID);
    const sim = await startSim({ clock, settings: { prefillOpenClasses: false } });
    const client = clientFor(sim);
    const noon = (await client.listClasses(DEMO_BOX, '2026-06-15')).find((row) => row.startTime === '12:00')!;
    const booked = await client.book(DEMO_BOX, '2026-06-15', noon.id);
    expect(booked.kind).toBe('booked');
    clock.set(Date.parse('2026-06-15T09:00:00Z')); // one hour before; free cancellation ends 90 min before
    const reservationId = booked.kind === 'booked' ? booked.reservationId : '';
    expect(await client.cancel(DEMO_BOX, reservationId)).toEqual({ kind: 'late_cancellation_required' });
    expect(await client.cancel(DEMO_BOX, reservationId, { late: true })).toEqual({ kind: 'cancelled' });
    expect(await client.cancel(DEMO_BOX, reservationId, { late: true })).toMatchObject({ kind: 'not_allowed' });
  });

  test('login failures: wrong password in both answer styles, then too many attempts', async () => {
    const sim = await startSim({ settings: { loginMaxFailures: 3 } });
    const wrong = { email: DEMO.member.email, password: 'nope' };
    await expect(clientFor(sim, wrong).login()).rejects.toMatchObject({ name: 'AimHarderLoginError', reason: 'wrong_credentials' });
    sim.configure({ loginFailureStyle: 'http401' });
    await expect(clientFor(sim, wrong).login()).rejects.toMatchObject({ reason: 'wrong_credentials' });
    await expect(clientFor(sim, wrong).login()).rejects.toBeInstanceOf(AimHarderLoginError);
    await expect(clientFor(sim).login()).rejects.toMatchObject({ reason: 'too_many_attempts' });
    sim.configure({ loginFailureStyle: 'info' });
    await expect(clientFor(sim).login()).rejects.toMatchObject({ reason: 'too_many_attempts' });
  });

  test('5xx and timeouts are transport errors, and the booking was not made', async () => {
    const sim = await startSim();
    const created = sim.createClass({ box: 'demobox', opensInMs: -60_000 });
    const client = clientFor(sim, DEMO.member, { timeoutMs: 300 });
    await client.login();
    sim.configure({ failNextBookRequests: 1 });
    expect(await client.book(DEMO_BOX, isoDay(created.day), created.id)).toMatchObject({ kind: 'transport_error', status: 503 });
    sim.configure({ timeoutRate: 1, faultEndpoints: ['book'] });
    expect(await client.book(DEMO_BOX, isoDay(created.day), created.id)).toMatchObject({ kind: 'transport_error' });
    expect(sim.classState(created.id).ocupation).toBe(0);
    sim.configure({ timeoutRate: 0 });
    expect(await client.book(DEMO_BOX, isoDay(created.day), created.id)).toMatchObject({ kind: 'booked' });
  });
});
