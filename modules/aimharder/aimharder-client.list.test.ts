import { delay, http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAimHarderClient } from './aimharder-client';
import { AimHarderResponseError, AimHarderSessionExpiredError, AimHarderTransportError } from './aimharder-errors';
import type { AimHarderClient } from './aimharder.types';
import {
  BOX,
  BOX_URL,
  CREDENTIALS,
  HOSTS,
  bookingsEnvelope,
  classRow,
  createCapturingLogger,
  createFakeAimHarder,
  type CapturingLogger,
  type FakeAimHarder,
} from './test-support/aimharder-msw';

const server = setupServer();
let fake: FakeAimHarder;
let logger: CapturingLogger;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fake = createFakeAimHarder();
  logger = createCapturingLogger();
  server.use(...fake.handlers);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const LIST_URL = `${BOX_URL}/api/bookings`;
const NEXT_URL = `${BOX_URL}/api/nextBookings`;
const CANCEL_URL = `${BOX_URL}/api/cancelBook`;

async function signedInClient(options: { credentials?: boolean; timeoutMs?: number } = {}): Promise<AimHarderClient> {
  const seed = createAimHarderClient({ hosts: HOSTS, credentials: CREDENTIALS, logger });
  await seed.login();
  return createAimHarderClient({
    hosts: HOSTS,
    session: seed.exportSession(),
    credentials: options.credentials === false ? undefined : CREDENTIALS,
    timeoutMs: options.timeoutMs,
    logger,
  });
}

function listAnswering(body: () => Response): void {
  server.use(
    http.get(LIST_URL, ({ request }) => {
      fake.calls.push('GET box/api/bookings');
      return fake.isAuthenticated(request) ? body() : HttpResponse.json({ logout: 1 });
    }),
  );
}

describe('listClasses', () => {
  it('asks for the day the way the front-end does', async () => {
    let url: URL | undefined;
    let referer: string | null = null;
    server.use(
      http.get(LIST_URL, ({ request }) => {
        url = new URL(request.url);
        referer = request.headers.get('referer');
        return HttpResponse.json(bookingsEnvelope([]));
      }),
    );
    expect(await (await signedInClient()).listClasses(BOX, '2026-06-23')).toEqual([]);
    expect(url?.searchParams.get('day')).toBe('20260623');
    expect(url?.searchParams.get('box')).toBe('10122');
    expect(url?.searchParams.get('familyId')).toBe('');
    expect(url?.searchParams.get('_')).toMatch(/^\d{13}$/);
    expect(referer).toBe(`${BOX_URL}/schedule?cl`);
  });

  it('maps rows, tolerating number-or-string variants and unknown fields', async () => {
    listAnswering(() =>
      HttpResponse.json({
        ...bookingsEnvelope([
          classRow(),
          classRow({ id: '646158', time: '18:00 - 19:30', className: ' OPEN  BOX ', coachName: '', ocupation: '16', limit: '16 (3)', limitc: undefined, waitlist: undefined, bookState: '1', idres: '106015104' }),
          classRow({ id: 646159, time: undefined, timeid: '900_60', classLength: 60, limit: 12, limitc: null, waitlist: -1, bookState: 0, idres: 42, brandNewField: { x: 1 } }),
          classRow({ id: 646160, bookState: null, idres: null, cancelledId: 31337 }),
        ]),
        someNewTopLevelKey: true,
      }),
    );
    const slots = await (await signedInClient()).listClasses(BOX, '2026-06-23');
    expect(slots).toEqual([
      { id: '646157', day: '2026-06-23', startTime: '07:00', endTime: '08:00', name: 'WOD', coach: 'Coach', capacity: 16, bookedCount: 12, waitlistCount: 0, memberState: 'none', reservationId: null },
      { id: '646158', day: '2026-06-23', startTime: '18:00', endTime: '19:30', name: 'OPEN  BOX', coach: null, capacity: 16, bookedCount: 16, waitlistCount: 3, memberState: 'booked', reservationId: '106015104' },
      { id: '646159', day: '2026-06-23', startTime: '09:00', endTime: '10:00', name: 'WOD', coach: 'Coach', capacity: 12, bookedCount: 12, waitlistCount: 0, memberState: 'waitlisted', reservationId: '42' },
      { id: '646160', day: '2026-06-23', startTime: '07:00', endTime: '08:00', name: 'WOD', coach: 'Coach', capacity: 16, bookedCount: 12, waitlistCount: 0, memberState: 'none', reservationId: null },
    ]);
  });

  it('warns about restriction messages but still lists', async () => {
    listAnswering(() => HttpResponse.json({ ...bookingsEnvelope([classRow()]), resmsgs: ['Cuenta restringida'] }));
    expect(await (await signedInClient()).listClasses(BOX, '2026-06-23')).toHaveLength(1);
    expect(logger.entries.some((entry) => entry.level === 'warn' && /restriction/.test(entry.message))).toBe(true);
  });

  it('{"logout":1} → re-login and retry once', async () => {
    listAnswering(() => HttpResponse.json(bookingsEnvelope([classRow({ bookState: 1, idres: 5 })])));
    const client = await signedInClient();
    fake.expireSessions();
    const before = fake.count('login/api/login');
    const [slot] = await client.listClasses(BOX, '2026-06-23');
    expect(slot?.memberState).toBe('booked');
    expect(fake.count('login/api/login') - before).toBe(1);
    expect(fake.count('box/api/bookings')).toBe(2);
  });

  it('{"logout":1} without credentials → AimHarderSessionExpiredError', async () => {
    listAnswering(() => HttpResponse.json(bookingsEnvelope([])));
    const client = await signedInClient({ credentials: false });
    fake.expireSessions();
    await expect(client.listClasses(BOX, '2026-06-23')).rejects.toBeInstanceOf(AimHarderSessionExpiredError);
  });

  it('{"logout":1} even after the re-login → AimHarderSessionExpiredError', async () => {
    server.use(http.get(LIST_URL, () => HttpResponse.json({ logout: 1 })));
    const client = await signedInClient();
    const before = fake.count('login/api/login');
    await expect(client.listClasses(BOX, '2026-06-23')).rejects.toBeInstanceOf(AimHarderSessionExpiredError);
    expect(fake.count('login/api/login') - before).toBe(1);
  });

  it.each([
    ['malformed JSON', () => HttpResponse.text('{"bookings": [', { headers: { 'content-type': 'application/json' } }), /not JSON/],
    ['an HTML page with HTTP 200', () => HttpResponse.html('<!DOCTYPE html><html><body>Login</body></html>'), /HTML page/],
    ['no bookings array', () => HttpResponse.json({ clasesDisp: '', day: 'x' }), /bookings/],
    ['a row without id', () => HttpResponse.json(bookingsEnvelope([classRow({ id: undefined })])), /bookings\.0\.id/],
    ['a row without a readable time', () => HttpResponse.json(bookingsEnvelope([classRow({ time: 'soon', timeid: null })])), /no readable time/],
    ['a wrongly typed bookState', () => HttpResponse.json(bookingsEnvelope([classRow({ bookState: 'booked' })])), /bookState/],
  ])('%s → AimHarderResponseError with a clear message', async (_label, response, message) => {
    listAnswering(response);
    const error = await (await signedInClient()).listClasses(BOX, '2026-06-23').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AimHarderResponseError);
    expect((error as Error).message).toMatch(message);
    expect(logger.entries.some((entry) => entry.level === 'error' && (entry.data as { endpoint?: string }).endpoint === 'bookings')).toBe(true);
  });

  it('an HTML 502 page → AimHarderTransportError with the status', async () => {
    listAnswering(() => HttpResponse.html('<html><body>502 Bad Gateway</body></html>', { status: 502 }));
    const error = await (await signedInClient()).listClasses(BOX, '2026-06-23').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AimHarderTransportError);
    expect((error as AimHarderTransportError).details.status).toBe(502);
  });

  it('a timeout → AimHarderTransportError marked timedOut', async () => {
    server.use(
      http.get(LIST_URL, async () => {
        await delay(2_000);
        return HttpResponse.json(bookingsEnvelope([]));
      }),
    );
    const error = await (await signedInClient({ timeoutMs: 60 })).listClasses(BOX, '2026-06-23').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AimHarderTransportError);
    expect((error as AimHarderTransportError).details.timedOut).toBe(true);
  });

  it('rejects a day that is not a date', async () => {
    await expect((await signedInClient()).listClasses(BOX, 'tomorrow')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('cancel', () => {
  function cancelAnswering(answer: JsonBodyType, seen?: (form: URLSearchParams) => void): void {
    server.use(
      http.post(CANCEL_URL, async ({ request }) => {
        fake.calls.push('POST box/api/cancelBook');
        seen?.(new URLSearchParams(await request.text()));
        return fake.isAuthenticated(request) ? HttpResponse.json(answer) : HttpResponse.json({ logout: 1 });
      }),
    );
  }

  it('cancelState 1 → cancelled, posting the reservation id', async () => {
    let form: URLSearchParams | undefined;
    cancelAnswering({ cancelState: 1 }, (seen) => (form = seen));
    expect(await (await signedInClient()).cancel(BOX, '106015104')).toEqual({ kind: 'cancelled' });
    expect(Object.fromEntries(form ?? [])).toEqual({ id: '106015104', late: '0', familyId: '' });
  });

  it('cancelState 2 → late_cancellation_required; late=1 is sent when confirmed', async () => {
    let late: string | null = null;
    cancelAnswering({ cancelState: 2 }, (seen) => (late = seen.get('late')));
    const client = await signedInClient();
    expect(await client.cancel(BOX, '1')).toEqual({ kind: 'late_cancellation_required' });
    cancelAnswering({ cancelState: '1' }, (seen) => (late = seen.get('late')));
    expect(await client.cancel(BOX, '1', { late: true })).toEqual({ kind: 'cancelled' });
    expect(late).toBe('1');
  });

  it('cancelState 3 → not_allowed', async () => {
    cancelAnswering({ cancelState: 3 });
    expect(await (await signedInClient()).cancel(BOX, '1')).toEqual({ kind: 'not_allowed', message: 'AimHarder did not allow cancelling this booking.' });
  });

  it('{"logout":1} → re-login and retry → cancelled', async () => {
    cancelAnswering({ cancelState: 1 });
    const client = await signedInClient();
    fake.expireSessions();
    expect(await client.cancel(BOX, '1')).toEqual({ kind: 'cancelled' });
    expect(fake.count('box/api/cancelBook')).toBe(2);
  });

  it('{"logout":1} without credentials → session_expired', async () => {
    cancelAnswering({ cancelState: 1 });
    const client = await signedInClient({ credentials: false });
    fake.expireSessions();
    expect(await client.cancel(BOX, '1')).toEqual({ kind: 'session_expired' });
  });

  it('timeouts, 5xx and unreadable answers → transport_error', async () => {
    server.use(
      http.post(CANCEL_URL, async () => {
        await delay(2_000);
        return HttpResponse.json({ cancelState: 1 });
      }),
    );
    expect(await (await signedInClient({ timeoutMs: 60 })).cancel(BOX, '1')).toMatchObject({ kind: 'transport_error' });
    server.use(http.post(CANCEL_URL, () => HttpResponse.html('<html>Service Unavailable</html>', { status: 503 })));
    expect(await (await signedInClient()).cancel(BOX, '1')).toMatchObject({ kind: 'transport_error', status: 503 });
    server.use(http.post(CANCEL_URL, () => HttpResponse.json({ bookState: 1 })));
    expect(await (await signedInClient()).cancel(BOX, '1')).toMatchObject({ kind: 'transport_error', status: 200 });
  });
});

describe('warmUp', () => {
  it('touches the box host and never throws', async () => {
    let warmed = false;
    server.use(
      http.get(NEXT_URL, () => {
        warmed = true;
        return HttpResponse.json({ logout: 1 });
      }),
    );
    const client = await signedInClient();
    await expect(client.warmUp(BOX)).resolves.toBeUndefined();
    expect(warmed).toBe(true);
    server.use(http.get(NEXT_URL, () => HttpResponse.error()));
    await expect(client.warmUp(BOX)).resolves.toBeUndefined();
    await expect(client.warmUp({ boxId: 1, subdomain: 'bad/host' })).resolves.toBeUndefined();
    expect(logger.entries.filter((entry) => entry.message === 'AimHarder warm-up failed')).toHaveLength(2);
  });
});

describe('nextBookings', () => {
  it('maps upcoming bookings, reading AimHarder long date labels', async () => {
    let url: URL | undefined;
    server.use(
      http.get(NEXT_URL, ({ request }) => {
        url = new URL(request.url);
        return fake.isAuthenticated(request)
          ? HttpResponse.json({
              nextClasses: [
                { id: 987654, day: 'Miércoles, 23 de Septiembre de 2026', time: '18:00 - 19:00', className: 'WOD', bookState: 1, coachName: 'Coach', boxDir: 'x' },
                { id: '987655', day: "Dijous, 1 d'octubre de 2026", time: '7:00 - 8:00', className: 'OPEN BOX', bookState: 0 },
                { id: 987656, day: 'someday', time: null, className: null },
              ],
              history: [{ id: 1, day: 'Lunes, 1 de Junio de 2026', time: '07:00 - 08:00', className: 'WOD', bookState: 1, assist: 1, lateCancel: 0 }],
            })
          : HttpResponse.json({ logout: 1 });
      }),
    );
    const client = await signedInClient();
    expect(await client.nextBookings(BOX)).toEqual([
      { reservationId: '987654', day: '2026-09-23', time: '18:00', className: 'WOD', state: 'booked' },
      { reservationId: '987655', day: '2026-10-01', time: '07:00', className: 'OPEN BOX', state: 'waitlisted' },
      { reservationId: '987656', day: null, time: null, className: '', state: 'unknown' },
    ]);
    expect(url?.searchParams.get('box')).toBe('10122');
    expect(url?.searchParams.get('familyId')).toBe('');
  });

  it('keeps bookState as recorded: "1"/"0" strings too, and an odd value is unknown rather than booked', async () => {
    server.use(
      http.get(NEXT_URL, () =>
        HttpResponse.json({
          nextClasses: [
            { id: 1, day: 'Lunes, 5 de Octubre de 2026', time: '07:00 - 08:00', className: 'WOD', bookState: '0' },
            { id: 2, day: 'Lunes, 5 de Octubre de 2026', time: '09:00 - 10:00', className: 'WOD', bookState: '1' },
            { id: 3, day: 'Lunes, 5 de Octubre de 2026', time: '11:00 - 12:00', className: 'WOD', bookState: 'x' },
          ],
        }),
      ),
    );
    const client = await signedInClient();
    expect((await client.nextBookings(BOX)).map((booking) => booking.state)).toEqual(['waitlisted', 'booked', 'unknown']);
  });

  it('{"logout":1} → re-login and retry', async () => {
    server.use(http.get(NEXT_URL, ({ request }) => (fake.isAuthenticated(request) ? HttpResponse.json({ nextClasses: [], history: [] }) : HttpResponse.json({ logout: 1 }))));
    const client = await signedInClient();
    fake.expireSessions();
    expect(await client.nextBookings(BOX)).toEqual([]);
  });
});
