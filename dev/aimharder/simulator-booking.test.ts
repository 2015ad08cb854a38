import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, systemClock, type ManualClock } from '@/core/time/clock';
import { computeOpensAtMs } from './booking-window';
import { DEMO, DEMO_BOX, DEMO_USER_IDS, startAimHarderSimulator, type RunningSimulator } from './index';
import { SimTestClient } from './sim-test-client';

/** Monday 2026-06-15, 10:00 in Madrid. With the 4-day window, Friday 06-19 07:00 and 09:00 are open. */
const MONDAY_10_MADRID = Date.parse('2026-06-15T08:00:00Z');
const FRIDAY = '20260619';
const FRIDAY_1800_OPENS = Date.parse('2026-06-15T16:00:00Z');
const id = (day: string, time: string, boxId: number = DEMO.box.boxId) => sim!.timetableClassId(boxId, day, time);

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function startManual(at = MONDAY_10_MADRID): Promise<{ running: RunningSimulator; clock: ManualClock }> {
  const clock = createManualClock(at);
  sim = await startAimHarderSimulator({ port: 0, clock, sessionLifetimeMs: 7 * 86_400_000, settings: { prefillOpenClasses: false } });
  return { running: sim, clock };
}

async function loggedIn(running: RunningSimulator, email: string = DEMO.member.email, password: string = DEMO.member.password) {
  const client = new SimTestClient(running);
  const { body } = await client.login(email, password);
  expect(body).toHaveProperty('data.auth.authOK', true);
  return client;
}

async function memberClient(running: RunningSimulator, email: string, extra: Partial<Parameters<RunningSimulator['createMember']>[0]> = {}) {
  running.createMember({ email, password: 'pw', ...extra });
  return loggedIn(running, email, 'pw');
}

describe('/api/bookings', () => {
  it('is readable without a session, with the user fields null', async () => {
    const { running } = await startManual();
    const { status, body } = await new SimTestClient(running).bookings('demobox', 10122, FRIDAY);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['bookings', 'clasesDisp', 'day', 'resmsgs', 'seminars', 'timetable']);
    expect(body.day).toBe('Viernes, 19 de Junio de 2026');
    expect(body.timetable.map((entry) => entry.id)).toEqual(['0700_60', '0900_60', '1200_60', '1700_60', '1800_60', '1900_60', '2000_60']);
    const row = body.bookings.find((candidate) => candidate.timeid === '1800_60');
    expect(row).toMatchObject({ id: id(FRIDAY, '18:00'), time: '18:00 - 19:00', className: 'WOD', classId: 24743, ocupation: 0, limit: 14, limitc: 14, waitlist: 0 });
    expect(row).toMatchObject({ bookState: null, idres: null, cancelledId: null, spotres: null });
  });

  it('generates a smaller weekend timetable and nothing for a wrong box id', async () => {
    const { running } = await startManual();
    const client = new SimTestClient(running);
    expect((await client.bookings('demobox', 10122, '20260621')).body.bookings.map((row) => row.time)).toEqual([
      '09:00 - 10:00',
      '10:00 - 11:00',
      '11:00 - 12:00',
    ]);
    expect((await client.bookings('demobox', 99999, FRIDAY)).body.bookings).toEqual([]);
  });

  it('keeps class ids stable across restarts (ids derive from box, day and time)', async () => {
    const first = await startAimHarderSimulator({ port: 0, clock: createManualClock(MONDAY_10_MADRID) });
    const ids = (await new SimTestClient(first).bookings('nortebox', 10245, FRIDAY)).body.bookings.map((row) => row.id);
    await first.stop();
    const { running } = await startManual();
    expect((await new SimTestClient(running).bookings('nortebox', 10245, FRIDAY)).body.bookings.map((row) => row.id)).toEqual(ids);
    expect(ids).toContain(id(FRIDAY, '18:30', 10245));
  });

  it('answers class ids of 6–7 digits, as the real service does, and books one of a day never listed by its id', async () => {
    const { running } = await startManual();
    const client = new SimTestClient(running);
    const listed = [10122, 10245, 10387].flatMap((boxId) => [FRIDAY, '20260715', '20260516'].map((day) => ({ boxId, day })));
    const ids: number[] = [];
    for (const { boxId, day } of listed) {
      const subdomain = running.boxes().find((box) => box.boxId === boxId)!.subdomain;
      ids.push(...(await client.bookings(subdomain, boxId, day)).body.bookings.map((row) => Number(row.id)));
    }
    const created = running.createClass({ box: 'demobox', opensInMs: -60_000 });
    ids.push(Number(created.id));
    for (const classId of ids) expect(String(classId)).toMatch(/^\d{6,7}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Sixty days ahead (never listed): the id alone finds the class, as a stored prebooking would.
    const later = id('20260814', '07:00');
    expect(running.classState(String(later))).toMatchObject({ day: '20260814', time: '07:00' });
  });

  it('answers 400 for a missing or malformed day and 404 for an unknown box', async () => {
    const { running } = await startManual();
    const client = new SimTestClient(running);
    expect((await client.json(client.boxUrl('demobox', '/api/bookings?box=10122'))).status).toBe(400);
    expect((await client.json(client.boxUrl('demobox', '/api/bookings?day=2026-06-19'))).status).toBe(400);
    expect((await client.json(client.boxUrl('nobox', `/api/bookings?day=${FRIDAY}`))).status).toBe(404);
  });
});

describe('/api/book', () => {
  it('answers -12 ERROR_ANTELACION_CLIENTE 1 ms before the opening instant and books exactly at it', async () => {
    const { running, clock } = await startManual();
    const client = await loggedIn(running);
    clock.set(FRIDAY_1800_OPENS - 1);
    expect((await client.book('demobox', id(FRIDAY, '18:00'), FRIDAY)).body).toEqual({
      clasesContratadas: 'WOD, OPEN BOX, WEIGHTLIFTING',
      bookState: -12,
      errorMssg: 'No puedes reservar clases con más de 4 días de antelación',
      errorMssgLang: 'ERROR_ANTELACION_CLIENTE',
    });
    clock.set(FRIDAY_1800_OPENS);
    const booked = await client.book('demobox', id(FRIDAY, '18:00'), FRIDAY);
    expect(booked.body).toEqual({ clasesContratadas: 'WOD, OPEN BOX, WEIGHTLIFTING', hasPublicMemberships: 1, bookState: 1, id: expect.stringMatching(/^\d+$/) });
    const row = (await client.bookings('demobox', 10122, FRIDAY)).body.bookings.find((candidate) => candidate.timeid === '1800_60');
    expect(row).toMatchObject({ bookState: 1, idres: Number(booked.body.id), ocupation: 1 });
  });

  it('judges the opening by the box clock, skew included', async () => {
    const { running, clock } = await startManual();
    running.configure({ clockSkewMs: 5_000 }); // AimHarder runs 5 s ahead of us
    const client = await loggedIn(running);
    clock.set(FRIDAY_1800_OPENS - 5_001);
    expect((await client.book('demobox', id(FRIDAY, '18:00'), FRIDAY)).body.bookState).toBe(-12);
    clock.set(FRIDAY_1800_OPENS - 5_000);
    expect((await client.book('demobox', id(FRIDAY, '18:00'), FRIDAY)).body.bookState).toBe(1);
    const date = Date.parse((await client.request(`${running.url}/`)).headers.get('date') ?? '');
    expect(Math.abs(date - FRIDAY_1800_OPENS)).toBeLessThan(1_000);
  });

  it('aligns a created class to the rule: its HH:MM minus the window is exactly opensAt', async () => {
    const { running, clock } = await startManual(MONDAY_10_MADRID + 12_345);
    const created = running.createClass({ box: 'demobox', opensInMs: 30_000 });
    expect(created).toMatchObject({ day: FRIDAY, time: '10:01', opensAt: '2026-06-15T08:01:00.000Z', startsAt: '2026-06-19T08:01:00.000Z' });
    expect(computeOpensAtMs(DEMO_BOX.rule, created.day, 10 * 60 + 1, created.startsAtMs, 'Europe/Madrid')).toBe(created.opensAtMs);
    const client = await loggedIn(running);
    clock.set(created.opensAtMs - 1);
    expect((await client.book('demobox', created.id, created.day)).body).toMatchObject({
      bookState: -12,
      errorMssg: 'No puedes reservar clases con más de 4 días de antelación',
      errorMssgLang: 'ERROR_ANTELACION_CLIENTE',
    });
    clock.set(created.opensAtMs);
    expect((await client.book('demobox', created.id, created.day)).body.bookState).toBe(1);
  });

  it('can carry an exact sub-minute opening instead', async () => {
    const { running, clock } = await startManual();
    const created = running.createClass({ box: 'demobox', opensInMs: 30_000, exactOpening: true });
    expect(created).toMatchObject({ day: FRIDAY, time: '10:00', opensAt: '2026-06-15T08:00:30.000Z', opensAtMs: MONDAY_10_MADRID + 30_000 });
    expect(running.classState(created.id).explicitOpening).toBe(true);
    const client = await loggedIn(running);
    clock.set(created.opensAtMs - 1);
    expect((await client.book('demobox', created.id, created.day)).body.bookState).toBe(-12);
    clock.set(created.opensAtMs);
    expect((await client.book('demobox', created.id, created.day)).body.bookState).toBe(1);
  });

  it('opens a class on demand (openClassNow) and books for a member through the control API', async () => {
    const { running, clock } = await startManual();
    const created = running.createClass({ box: 'demobox', opensInMs: 600_000 });
    clock.advance(1_000);
    running.openClassNow(created.id);
    expect(running.classState(created.id).opensAtMs).toBe(MONDAY_10_MADRID + 1_000);
    const booked = running.bookForMember({ classId: created.id, email: DEMO.member.email });
    expect(booked).toEqual({ classId: created.id, userId: String(DEMO_USER_IDS.member), bookState: 1, reservationId: expect.stringMatching(/^\d+$/) });
    expect(running.requests({ classId: created.id })).toEqual([
      expect.objectContaining({ path: '/box/demobox/api/book', endpoint: 'book', via: 'control', offsetMs: 0, result: { status: 200, bookState: 1 } }),
    ]);
    const client = await loggedIn(running);
    expect((await client.book('demobox', created.id, created.day)).body.errorMssgLang).toBe('NOPUEDESRESERVAMISMAHORA');
  });

  it('speaks the hours rule on a rolling-hours box and the fixed daily opening on another zone', async () => {
    const { running, clock } = await startManual();
    const demo = await loggedIn(running);
    expect((await demo.book('nortebox', id('20260618', '18:30', 10245), '20260618')).body).toMatchObject({
      bookState: -12,
      errorMssg: 'No puedes reservar clases con más de 72 horas de antelación',
      errorMssgLang: 'ERROR_ANTELACION_CLIENTE_HORAS',
    });
    const second = await loggedIn(running, DEMO.secondMember.email, DEMO.secondMember.password);
    const surClass = id('20260617', '18:00', 10387);
    expect((await second.book('surbox', surClass, '20260617')).body).toMatchObject({ bookState: -12, errorMssgLang: 'ERROR_ANTELACION_CLIENTE' });
    clock.set(Date.parse('2026-06-15T11:00:00Z')); // 12:00 in the Canaries
    expect((await second.book('surbox', surClass, '20260617')).body.bookState).toBe(1);
  });

  it('answers -7 inside the minimum notice and after the start', async () => {
    const { running, clock } = await startManual();
    const todayNoon = Date.parse('2026-06-15T10:00:00Z');
    const first = await loggedIn(running);
    clock.set(todayNoon - 15 * 60_000);
    expect((await first.book('demobox', id('20260615', '12:00'), '20260615')).body.bookState).toBe(1);
    const second = await loggedIn(running, DEMO.admin.email, DEMO.admin.password);
    clock.set(todayNoon - 15 * 60_000 + 1);
    expect((await second.book('demobox', id('20260615', '12:00'), '20260615')).body).toMatchObject({ bookState: -7, errorMssg: expect.stringContaining('15 minutos') });
    clock.set(todayNoon + 1);
    expect((await second.book('demobox', id('20260615', '12:00'), '20260615')).body.bookState).toBe(-7);
  });

  it('fills to capacity (-1), queues with insist (0) up to the waitlist size, and promotes on cancel', async () => {
    const { running } = await startManual();
    const created = running.createClass({ box: 'demobox', opensInMs: -1, capacity: 1, waitlistCapacity: 1 });
    const [a, b, c] = [await memberClient(running, 'a@x.test'), await memberClient(running, 'b@x.test'), await memberClient(running, 'c@x.test')];
    const booked = await a.book('demobox', created.id, created.day);
    expect(booked.body.bookState).toBe(1);
    expect((await b.book('demobox', created.id, created.day)).body).toMatchObject({ bookState: -1, errorMssg: 'La clase está llena' });
    const queued = await b.book('demobox', created.id, created.day, { insist: true });
    expect(queued.body).toMatchObject({ bookState: 0, id: expect.stringMatching(/^\d+$/) });
    expect((await c.book('demobox', created.id, created.day, { insist: true })).body).toMatchObject({ bookState: -1, errorMssg: 'La lista de espera está llena' });
    const rowFor = async (client: SimTestClient) =>
      (await client.bookings('demobox', 10122, created.day)).body.bookings.find((row) => String(row.id) === created.id);
    expect(await rowFor(b)).toMatchObject({ bookState: 0, idres: Number(queued.body.id), ocupation: 1, waitlist: 1 });
    expect((await a.cancel('demobox', String(booked.body.id))).body).toEqual({ cancelState: 1 });
    expect(await rowFor(b)).toMatchObject({ bookState: 1, ocupation: 1, waitlist: 0 });
    expect(running.classState(created.id).bookings.map((entry) => entry.userId)).toEqual([running.classState(created.id).bookings[0]?.userId]);
  });

  it('on a box that queues without insist, a full class answers bookState 0 to insist=0 while its waiting list has room (as recorded)', async () => {
    const { running } = await startManual();
    running.createBox({ boxId: 10999, subdomain: 'queuebox', rule: { kind: 'rolling_days', days: 4 }, waitlistCapacity: 1, waitlistWithoutInsist: true });
    const created = running.createClass({ box: 'queuebox', opensInMs: -1, capacity: 1 });
    const [a, b, c] = [
      await memberClient(running, 'qa@x.test', { boxes: ['queuebox'] }),
      await memberClient(running, 'qb@x.test', { boxes: ['queuebox'] }),
      await memberClient(running, 'qc@x.test', { boxes: ['queuebox'] }),
    ];
    expect((await a.book('queuebox', created.id, created.day)).body.bookState).toBe(1);
    expect((await b.book('queuebox', created.id, created.day)).body).toMatchObject({ bookState: 0, id: expect.stringMatching(/^\d+$/) });
    expect((await c.book('queuebox', created.id, created.day)).body).toMatchObject({ bookState: -1 });
    const { body } = await b.nextBookings('queuebox', 10999);
    expect(body.nextClasses).toEqual([expect.objectContaining({ bookState: 0 })]);
  });

  it('answers -2 when the plan does not cover the class, and -5 with a payment pending', async () => {
    const { running } = await startManual();
    const open = { id: id(FRIDAY, '09:00'), day: FRIDAY };
    const broke = await memberClient(running, 'broke@x.test', { noCredit: true });
    expect((await broke.book('demobox', open.id, open.day)).body).toMatchObject({ clasesContratadas: '', bookState: -2 });
    const openBoxOnly = await memberClient(running, 'openbox@x.test', { planClassTypes: ['OPEN BOX'] });
    expect((await openBoxOnly.book('demobox', open.id, open.day)).body).toMatchObject({ clasesContratadas: 'OPEN BOX', bookState: -2 });
    const row = (await openBoxOnly.bookings('demobox', 10122, FRIDAY)).body.bookings.find((candidate) => candidate.id === open.id);
    expect(row?.included).toBe(0);
    const elsewhere = await memberClient(running, 'elsewhere@x.test', { boxes: ['surbox'] });
    expect((await elsewhere.book('demobox', open.id, open.day)).body.bookState).toBe(-2);
    const debtor = await memberClient(running, 'debtor@x.test', { paymentPending: true });
    expect((await debtor.book('demobox', open.id, open.day)).body.bookState).toBe(-5);
  });

  it('answers -8 with max once the per-day limit for a class type is reached', async () => {
    const { running } = await startManual(Date.parse('2026-06-15T17:30:00Z'));
    const client = await loggedIn(running);
    expect((await client.book('demobox', id(FRIDAY, '07:00'), FRIDAY)).body.bookState).toBe(1);
    expect((await client.book('demobox', id(FRIDAY, '09:00'), FRIDAY)).body.bookState).toBe(1);
    expect((await client.book('demobox', id(FRIDAY, '18:00'), FRIDAY)).body).toEqual({ clasesContratadas: 'WOD, OPEN BOX, WEIGHTLIFTING', bookState: -8, max: 2 });
    expect((await client.book('demobox', id(FRIDAY, '12:00'), FRIDAY)).body.bookState).toBe(1);
  });

  it('answers -12 NOPUEDESRESERVAMISMAHORA for the same class twice or an overlapping one', async () => {
    const { running } = await startManual();
    const client = await loggedIn(running);
    expect((await client.book('demobox', id(FRIDAY, '09:00'), FRIDAY)).body.bookState).toBe(1);
    expect((await client.book('demobox', id(FRIDAY, '09:00'), FRIDAY)).body).toMatchObject({
      bookState: -12,
      errorMssg: 'No puedes hacer más de una reserva a la misma hora',
      errorMssgLang: 'NOPUEDESRESERVAMISMAHORA',
    });
    const overlapping = running.createClass({ box: 'demobox', day: FRIDAY, time: '09:30', name: 'OPEN BOX', opensInMs: -1 });
    expect((await client.book('demobox', overlapping.id, FRIDAY)).body.errorMssgLang).toBe('NOPUEDESRESERVAMISMAHORA');
  });

  it('answers unknown ids with -12 and missing or malformed fields with 400, never crashing', async () => {
    const { running } = await startManual();
    const client = await loggedIn(running);
    expect((await client.book('demobox', '123', FRIDAY)).body).toMatchObject({ bookState: -12, errorMssgLang: 'ERROR_CLASE_NO_EXISTE' });
    expect((await client.book('demobox', id(FRIDAY, '09:00'), '20260618')).body.errorMssgLang).toBe('ERROR_CLASE_NO_EXISTE');
    expect((await client.book('nortebox', id(FRIDAY, '09:00'), FRIDAY)).body.errorMssgLang).toBe('ERROR_CLASE_NO_EXISTE');
    expect((await client.form(client.boxUrl('demobox', '/api/book'), { day: FRIDAY })).status).toBe(400);
    expect((await client.form(client.boxUrl('demobox', '/api/book'), { id: 'abc', day: FRIDAY })).status).toBe(400);
    expect((await client.form(client.boxUrl('demobox', '/api/book'), { id: String(id(FRIDAY, '09:00')) })).body).toEqual({
      error: { code: 400, message: 'Missing or invalid parameter: day' },
    });
    const json = await client.json(client.boxUrl('demobox', '/api/book'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: id(FRIDAY, '09:00'), day: FRIDAY }),
    });
    expect(json.status).toBe(400);
    const garbage = await client.request(client.boxUrl('demobox', '/api/book'), { method: 'POST', body: '%%%&&&==\u0000' });
    expect(garbage.status).toBe(400);
    expect((await client.request(client.boxUrl('demobox', '/api/book'))).status).toBe(405);
    expect((await client.request(`${running.url}/box/demobox/api/nothing`)).status).toBe(404);
  });
});

describe('/api/cancelBook and /api/nextBookings', () => {
  it('cancels early with cancelState 1; late asks for confirmation (2), then late=1 cancels (1)', async () => {
    const { running, clock } = await startManual();
    const client = await loggedIn(running);
    const noon = { id: id('20260615', '12:00'), day: '20260615' };
    const first = await client.book('demobox', noon.id, noon.day);
    expect((await client.cancel('demobox', String(first.body.id))).body).toEqual({ cancelState: 1 });
    const second = await client.book('demobox', noon.id, noon.day);
    clock.set(Date.parse('2026-06-15T08:45:00Z')); // 75 min before, the box's late threshold is 90
    expect((await client.cancel('demobox', String(second.body.id))).body).toEqual({ cancelState: 2 });
    const row = (await client.bookings('demobox', 10122, noon.day)).body.bookings.find((candidate) => candidate.id === noon.id);
    expect(row).toMatchObject({ bookState: 1, idres: Number(second.body.id) });
    expect((await client.cancel('demobox', String(second.body.id), { late: true })).body).toEqual({ cancelState: 1 });
    expect((await client.bookings('demobox', 10122, noon.day)).body.bookings.find((candidate) => candidate.id === noon.id)).toMatchObject({
      bookState: null,
      idres: null,
    });
    const { body } = await client.nextBookings('demobox', 10122);
    expect(body.history).toEqual([expect.objectContaining({ id: Number(second.body.id), lateCancel: 1, assist: 0 })]);
  });

  it('answers cancelState 3 for unknown, foreign, already cancelled and started reservations', async () => {
    const { running, clock } = await startManual();
    const demo = await loggedIn(running);
    const admin = await loggedIn(running, DEMO.admin.email, DEMO.admin.password);
    expect((await demo.cancel('demobox', '999')).body).toEqual({ cancelState: 3 });
    const booked = await demo.book('demobox', id(FRIDAY, '09:00'), FRIDAY);
    expect((await admin.cancel('demobox', String(booked.body.id))).body).toEqual({ cancelState: 3 });
    expect((await demo.cancel('demobox', String(booked.body.id))).body).toEqual({ cancelState: 1 });
    expect((await demo.cancel('demobox', String(booked.body.id))).body).toEqual({ cancelState: 3 });
    const today = await demo.book('demobox', id('20260615', '12:00'), '20260615');
    clock.set(Date.parse('2026-06-15T10:00:00Z'));
    expect((await demo.cancel('demobox', String(today.body.id), { late: true })).body).toEqual({ cancelState: 3 });
    expect((await demo.form(demo.boxUrl('demobox', '/api/cancelBook'), { late: '0' })).status).toBe(400);
  });

  it('lists upcoming reservations with the Spanish day label, and attended classes as history', async () => {
    const { running, clock } = await startManual();
    const client = await loggedIn(running);
    const booked = await client.book('demobox', id(FRIDAY, '09:00'), FRIDAY);
    const today = await client.book('demobox', id('20260615', '12:00'), '20260615');
    const { body } = await client.nextBookings('demobox', 10122);
    expect(body.nextClasses).toEqual([
      { id: Number(today.body.id), day: 'Lunes, 15 de Junio de 2026', time: '12:00 - 13:00', className: 'OPEN BOX', bookState: 1, coachName: 'Sergio', boxDir: expect.any(String) },
      { id: Number(booked.body.id), day: 'Viernes, 19 de Junio de 2026', time: '09:00 - 10:00', className: 'WOD', bookState: 1, coachName: 'Marc', boxDir: expect.any(String) },
    ]);
    clock.set(Date.parse('2026-06-15T11:00:01Z'));
    const later = await client.nextBookings('demobox', 10122);
    expect(later.body.nextClasses).toHaveLength(1);
    expect(later.body.history).toEqual([expect.objectContaining({ id: Number(today.body.id), assist: 1, lateCancel: 0 })]);
    expect((await client.nextBookings('nortebox', 10245)).body).toEqual({ nextClasses: [], history: [] });
  });
});

describe('competition', () => {
  it('rivals fill a 12-place class within ~2 s of opening: on time wins, late loses', async () => {
    sim = await startAimHarderSimulator({ port: 0 });
    const running = sim;
    const created = running.createClass({ box: 'demobox', capacity: 12, opensInMs: 300, exactOpening: true, rivals: { count: 12 } });
    const onTime = await loggedIn(running);
    const late = await loggedIn(running, DEMO.admin.email, DEMO.admin.password);
    await systemClock.sleepUntil(created.opensAtMs);
    expect((await onTime.book('demobox', created.id, created.day)).body.bookState).toBe(1);
    await systemClock.sleepUntil(created.opensAtMs + 2_000);
    const state = running.classState(created.id);
    expect(state.ocupation).toBe(12);
    expect(state.bookings.filter((entry) => entry.source === 'rival')).toHaveLength(11);
    expect(state.bookings.some((entry) => entry.userId === String(DEMO_USER_IDS.member))).toBe(true);
    const rivalOffsets = state.bookings.filter((entry) => entry.source === 'rival').map((entry) => entry.offsetMs);
    expect(Math.min(...rivalOffsets)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...rivalOffsets)).toBeLessThan(1_900);
    expect((await late.book('demobox', created.id, created.day)).body).toMatchObject({ bookState: -1 });
  });

  it('has no rivals for created classes unless asked, or enabled in the settings', async () => {
    const { running } = await startManual();
    expect(running.classState(running.createClass({ box: 'demobox', opensInMs: 1_000 }).id).rivals).toBeNull();
    running.configure({ rivals: { enabled: true, offsetsMs: [10, 20] } });
    expect(running.classState(running.createClass({ box: 'demobox', opensInMs: 1_000 }).id).rivals).toEqual({ offsetsMs: [10, 20] });
    expect(running.classState(running.createClass({ box: 'demobox', opensInMs: 1_000, rivals: { count: 0 } }).id).rivals).toBeNull();
  });

  it('arms rivals for popular timetable classes about to open when enabled in the settings', async () => {
    const { running, clock } = await startManual(FRIDAY_1800_OPENS - 60_000);
    const classId = String(id(FRIDAY, '18:00'));
    running.configure({ rivals: { enabled: true, count: 3 } });
    expect(running.classState(classId).rivals).toEqual({ offsetsMs: [150, 975, 1800] });
    expect(running.classState(String(id(FRIDAY, '17:00'))).rivals).toBeNull();
    clock.set(FRIDAY_1800_OPENS + 1_000);
    await expect.poll(() => running.classState(classId).ocupation, { timeout: 3_000 }).toBe(2);
    clock.set(FRIDAY_1800_OPENS + 5_000);
    await expect.poll(() => running.classState(classId).ocupation, { timeout: 3_000 }).toBe(3);
  });
});
