import { delay, http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAimHarderClient } from './aimharder-client';
import type { AimHarderClient } from './aimharder.types';
import type { BookingOutcome } from './booking-outcome/booking-outcome';
import {
  BOX,
  BOX_URL,
  CREDENTIALS,
  EMAIL,
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

const BOOK_URL = `${BOX_URL}/api/book`;

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

/** Books class 646157 on 2026-06-23 against a `/api/book` that answers `answer` while signed in. */
async function bookAgainst(answer: JsonBodyType, options: { waitlist?: boolean } = {}): Promise<BookingOutcome> {
  server.use(
    http.post(BOOK_URL, ({ request }) => {
      fake.calls.push('POST box/api/book');
      return fake.isAuthenticated(request) ? HttpResponse.json(answer) : HttpResponse.json({ logout: 1 });
    }),
  );
  const client = await signedInClient();
  return client.book(BOX, '2026-06-23', '646157', options);
}

const CONTRACTED = { clasesContratadas: 'OPEN BOX, WOD' };

describe('book request', () => {
  it('posts the form the front-end sends, with the box as Origin/Referer', async () => {
    let form: URLSearchParams | undefined;
    let headers: Headers | undefined;
    server.use(
      http.post(BOOK_URL, async ({ request }) => {
        headers = request.headers;
        form = new URLSearchParams(await request.text());
        return HttpResponse.json({ ...CONTRACTED, hasPublicMemberships: 1, bookState: 1, id: '106015104' });
      }),
    );
    const client = await signedInClient();
    await client.book(BOX, '2026-06-23', '646157', { waitlist: true });
    expect(Object.fromEntries(form ?? [])).toEqual({ id: '646157', day: '20260623', insist: '1', familyId: '' });
    expect(headers?.get('content-type')).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(headers?.get('origin')).toBe(BOX_URL);
    expect(headers?.get('referer')).toBe(`${BOX_URL}/schedule?cl`);
    expect(headers?.get('x-requested-with')).toBe('XMLHttpRequest');
    expect(headers?.get('user-agent')).toMatch(/Mozilla\/5\.0/);
  });

  it('sends insist=0 unless the waitlist is asked for', async () => {
    let insist: string | null = null;
    server.use(
      http.post(BOOK_URL, async ({ request }) => {
        insist = new URLSearchParams(await request.text()).get('insist');
        return HttpResponse.json({ bookState: 1, id: 5 });
      }),
    );
    await (await signedInClient()).book(BOX, '20260623', '646157');
    expect(insist).toBe('0');
  });
});

describe('bookState answers', () => {
  it.each<[string, JsonBodyType, BookingOutcome]>([
    ['1 with a string id', { ...CONTRACTED, hasPublicMemberships: 1, bookState: 1, id: '106015104' }, { kind: 'booked', reservationId: '106015104' }],
    ['1 with a numeric id', { bookState: 1, id: 106015104 }, { kind: 'booked', reservationId: '106015104' }],
    ['"1" as a string, unknown fields', { bookState: '1', id: '7', spot: 3, novelty: { a: 1 } }, { kind: 'booked', reservationId: '7' }],
    ['-1 full', { ...CONTRACTED, bookState: -1, errorMssg: 'La clase está llena' }, { kind: 'full' }],
    ['-2 no credit', { ...CONTRACTED, bookState: -2 }, { kind: 'no_credit' }],
    [
      '-4 too early (English)',
      { bookState: -4, errorMssg: "You can't book classes more than 1 days of anticipation" },
      { kind: 'too_early', window: { unit: 'days', amount: 1 }, message: "You can't book classes more than 1 days of anticipation" },
    ],
    ['-5 payment pending', { bookState: -5 }, { kind: 'payment_pending' }],
    ['-7 too late', { bookState: -7, errorMssg: 'No puedes reservar con menos de 15 minutos de antelación' }, { kind: 'too_late' }],
    ['-8 max per day', { ...CONTRACTED, bookState: -8, max: 2 }, { kind: 'max_per_day', max: 2 }],
    ['-8 max as a string', { bookState: '-8', max: '3' }, { kind: 'max_per_day', max: 3 }],
    ['-8 without max', { bookState: -8 }, { kind: 'max_per_day', max: null }],
    [
      '-12 ERROR_ANTELACION_CLIENTE (es)',
      { ...CONTRACTED, bookState: -12, errorMssg: 'No puedes reservar clases con más de 4 días de antelación', errorMssgLang: 'ERROR_ANTELACION_CLIENTE' },
      { kind: 'too_early', window: { unit: 'days', amount: 4 }, message: 'No puedes reservar clases con más de 4 días de antelación' },
    ],
    [
      '-12 ERROR_ANTELACION_CLIENTE (ca)',
      { bookState: -12, errorMssg: "No pots reservar classes amb més de 4 dies d'antelació", errorMssgLang: 'ERROR_ANTELACION_CLIENTE' },
      { kind: 'too_early', window: { unit: 'days', amount: 4 }, message: "No pots reservar classes amb més de 4 dies d'antelació" },
    ],
    [
      '-12 ERROR_ANTELACION_CLIENTE_HORAS',
      { bookState: -12, errorMssg: 'No puedes reservar clases con más de 48 horas de antelación', errorMssgLang: 'ERROR_ANTELACION_CLIENTE_HORAS' },
      { kind: 'too_early', window: { unit: 'hours', amount: 48 }, message: 'No puedes reservar clases con más de 48 horas de antelación' },
    ],
    [
      '-12 too early without a number',
      { bookState: -12, errorMssg: 'Aún no puedes reservar', errorMssgLang: 'ERROR_ANTELACION_CLIENTE' },
      { kind: 'too_early', window: null, message: 'Aún no puedes reservar' },
    ],
    [
      '-12 NOPUEDESRESERVAMISMAHORA',
      { bookState: -12, errorMssg: 'No puedes hacer más de una reserva a la misma hora', errorMssgLang: 'NOPUEDESRESERVAMISMAHORA' },
      { kind: 'already_booked_same_hour' },
    ],
    ['-12 HASSUPERADOLIMITCONTR', { bookState: -12, errorMssg: 'Has superado el límite contratado', errorMssgLang: 'HASSUPERADOLIMITCONTR' }, { kind: 'no_credit' }],
    [
      '-12 unknown key: the message, HTML stripped',
      { bookState: -12, errorMssg: '<p>Tienes una <b>penalización</b> activa</p>', errorMssgLang: 'ERROR_PENALIZACION' },
      { kind: 'not_allowed', message: 'Tienes una penalización activa' },
    ],
    ['-12 with nothing else', { bookState: -12 }, { kind: 'not_allowed', message: 'AimHarder refused the booking (bookState -12).' }],
    ['an unknown code', { bookState: -3, errorMssg: 'Algo raro' }, { kind: 'not_allowed', message: 'Algo raro' }],
    ['text-only rejection (no bookState)', { ...CONTRACTED, errorMssg: 'Has alcanzado el máximo de clases de tu tarifa' }, { kind: 'not_allowed', message: 'Has alcanzado el máximo de clases de tu tarifa' }],
    [
      'text-only too early',
      { errorMssg: 'No puedes reservar clases con más de 2 días de antelación' },
      { kind: 'too_early', window: { unit: 'days', amount: 2 }, message: 'No puedes reservar clases con más de 2 días de antelación' },
    ],
  ])('%s', async (_label, answer, expected) => {
    expect(await bookAgainst(answer)).toEqual(expected);
  });

  it('0 after asking for the waitlist → waitlisted', async () => {
    expect(await bookAgainst({ bookState: 0, id: '555' }, { waitlist: true })).toEqual({ kind: 'waitlisted', reservationId: '555' });
  });

  it('0 without asking for the waitlist is checked against the class list (booked there → booked)', async () => {
    server.use(http.get(`${BOX_URL}/api/bookings`, () => HttpResponse.json(bookingsEnvelope([classRow({ bookState: 1, idres: 555 })]))));
    expect(await bookAgainst({ bookState: 0 })).toEqual({ kind: 'booked', reservationId: '555' });
  });

  it('0 without asking for the waitlist, queued in the class list → waitlisted', async () => {
    server.use(http.get(`${BOX_URL}/api/bookings`, () => HttpResponse.json(bookingsEnvelope([classRow({ bookState: 0, idres: 556 })]))));
    expect(await bookAgainst({ bookState: 0 })).toEqual({ kind: 'waitlisted', reservationId: '556' });
  });

  it('0 when the class list cannot be read → waitlisted (the front-end reading)', async () => {
    server.use(http.get(`${BOX_URL}/api/bookings`, () => HttpResponse.text('oops', { status: 500 })));
    expect(await bookAgainst({ bookState: 0 })).toEqual({ kind: 'waitlisted', reservationId: null });
  });

  it('1 without a reservation id takes it from the class list', async () => {
    server.use(http.get(`${BOX_URL}/api/bookings`, () => HttpResponse.json(bookingsEnvelope([classRow({ bookState: 1, idres: '777' })]))));
    expect(await bookAgainst({ bookState: 1 })).toEqual({ kind: 'booked', reservationId: '777' });
  });
});

describe('session expiry on book', () => {
  it('{"logout":1} → one re-login and one retry → booked', async () => {
    const client = await signedInClient();
    fake.expireSessions();
    server.use(
      http.post(BOOK_URL, ({ request }) => {
        fake.calls.push('POST box/api/book');
        return fake.isAuthenticated(request) ? HttpResponse.json({ bookState: 1, id: '9' }) : HttpResponse.json({ logout: 1 });
      }),
    );
    const before = fake.count('login/api/login');
    expect(await client.book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'booked', reservationId: '9' });
    expect(fake.count('box/api/book')).toBe(2);
    expect(fake.count('login/api/login') - before).toBe(1);
  });

  it('a held request answered {"logout":1} after its release is re-sent whole after one re-login', async () => {
    const client = await signedInClient();
    fake.expireSessions();
    const bodies: string[] = [];
    server.use(
      http.post(BOOK_URL, async ({ request }) => {
        fake.calls.push('POST box/api/book');
        bodies.push(await request.text());
        return fake.isAuthenticated(request) ? HttpResponse.json({ bookState: 1, id: '9' }) : HttpResponse.json({ logout: 1 });
      }),
    );
    const release = new Promise((resolve) => setTimeout(resolve, 30));
    expect(await client.book(BOX, '2026-06-23', '646157', { holdLastByteUntil: release })).toEqual({ kind: 'booked', reservationId: '9' });
    expect(bodies).toEqual(['id=646157&day=20260623&insist=0&familyId=', 'id=646157&day=20260623&insist=0&familyId=']);
  });

  it('{"logout":1} twice → session_expired after a single re-login', async () => {
    server.use(
      http.post(BOOK_URL, () => {
        fake.calls.push('POST box/api/book');
        return HttpResponse.json({ logout: 1 });
      }),
    );
    const client = await signedInClient();
    const before = fake.count('login/api/login');
    expect(await client.book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'session_expired' });
    expect(fake.count('box/api/book')).toBe(2);
    expect(fake.count('login/api/login') - before).toBe(1);
  });

  it('{"logout":1} without credentials → session_expired, no retry', async () => {
    server.use(
      http.post(BOOK_URL, () => {
        fake.calls.push('POST box/api/book');
        return HttpResponse.json({ logout: 1 });
      }),
    );
    const client = await signedInClient({ credentials: false });
    expect(await client.book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'session_expired' });
    expect(fake.count('box/api/book')).toBe(1);
  });

  it('{"logout":1} and a failing re-login → session_expired (never success)', async () => {
    server.use(http.post(BOOK_URL, () => HttpResponse.json({ logout: 1 })));
    const client = createAimHarderClient({ hosts: HOSTS, credentials: { email: EMAIL, password: 'changed' }, logger });
    expect(await client.book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'session_expired' });
  });

  it('HTTP 401 is treated like {"logout":1}', async () => {
    const client = await signedInClient();
    fake.expireSessions();
    server.use(
      http.post(BOOK_URL, ({ request }) =>
        fake.isAuthenticated(request) ? HttpResponse.json({ bookState: 1, id: '10' }) : HttpResponse.json({ error: 'unauthorized' }, { status: 401 }),
      ),
    );
    expect(await client.book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'booked', reservationId: '10' });
  });
});

describe('transport errors on book (never thrown, never retried by the client)', () => {
  it('a timeout → transport_error, one request only', async () => {
    let requests = 0;
    server.use(
      http.post(BOOK_URL, async () => {
        requests += 1;
        await delay(2_000);
        return HttpResponse.json({ bookState: 1, id: '1' });
      }),
    );
    const client = await signedInClient({ timeoutMs: 80 });
    const started = performance.now();
    const outcome = await client.book(BOX, '2026-06-23', '646157');
    expect(outcome).toMatchObject({ kind: 'transport_error', detail: expect.stringContaining('80 ms') });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(requests).toBe(1);
  });

  it.each([
    ['an HTML 500 page', () => HttpResponse.html('<html><body><h1>500 Internal Server Error</h1></body></html>', { status: 500 }), 500],
    ['an HTML 502 page', () => HttpResponse.html('<html>Bad Gateway</html>', { status: 502 }), 502],
    ['a 403 (IP blocked)', () => HttpResponse.text('Forbidden', { status: 403 }), 403],
    ['a 429', () => HttpResponse.text('Too Many Requests', { status: 429 }), 429],
    ['malformed JSON', () => HttpResponse.text('{"bookState": 1, "id": ', { headers: { 'content-type': 'application/json' } }), 200],
    ['an HTML page with HTTP 200', () => HttpResponse.html('<!DOCTYPE html><html><body>Mantenimiento</body></html>'), 200],
    ['an empty object', () => HttpResponse.json({}), 200],
    ['a JSON array', () => HttpResponse.json([1, 2]), 200],
    ['a wrongly typed bookState', () => HttpResponse.json({ bookState: 'yes' }), 200],
  ])('%s → transport_error', async (_label, response, status) => {
    server.use(http.post(BOOK_URL, response));
    const outcome = await (await signedInClient()).book(BOX, '2026-06-23', '646157');
    expect(outcome).toMatchObject({ kind: 'transport_error', status });
  });

  it('a network failure → transport_error', async () => {
    server.use(http.post(BOOK_URL, () => HttpResponse.error()));
    expect(await (await signedInClient()).book(BOX, '2026-06-23', '646157')).toMatchObject({ kind: 'transport_error', detail: expect.stringContaining('network') });
  });

  it('a 400 → not_allowed (the request itself was refused)', async () => {
    server.use(http.post(BOOK_URL, () => HttpResponse.json({ error: { code: 400, message: 'Missing or invalid parameter: id' } }, { status: 400 })));
    expect(await (await signedInClient()).book(BOX, '2026-06-23', '646157')).toEqual({ kind: 'not_allowed', message: 'AimHarder rejected the request (HTTP 400).' });
  });

  it('logs an answer it cannot read, redacted', async () => {
    server.use(http.post(BOOK_URL, () => HttpResponse.json({ weird: true, refreshToken: 'leaky-token-value' })));
    await (await signedInClient()).book(BOX, '2026-06-23', '646157');
    const entry = logger.entries.find((candidate) => candidate.level === 'error');
    expect(entry?.data).toMatchObject({ endpoint: 'book', payload: expect.stringContaining('weird') });
    expect(logger.text()).not.toContain('leaky-token-value');
  });
});
