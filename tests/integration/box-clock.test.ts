/**
 * Fire by the box's clock (issue 16), end to end on the real local stack: the simulator's clock runs
 * 2 s ahead of ours behind 20 ms of one-way latency each way (no jitter: the bench measures that). The sweep measures the box host's
 * clock from its `Date` headers and stores the estimate; the execution then lets the booking
 * request go by that estimate, so it arrives just after the opening *on the box clock*. Fired by our
 * own clock it would arrive 2 s late, behind the rival who books 300 ms after the opening.
 * This asserts the mechanism (one request, never early, ahead of the rival), not milliseconds.
 */
import { Client } from '@upstash/qstash';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bookRequests, configureSim, createPrebookingFor, createSimClass, getPrebooking, newSignedInMember, simRequests, testDatabase, waitFor, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';

const clearEstimates = () => testDatabase().from('box_clock_estimates').delete().gte('id', 0);

beforeAll(async () => {
  // Estimates measured by other tests' sweeps describe a box clock without skew: start afresh.
  await clearEstimates();
  await configureSim({ clockSkewMs: 2_000, inboundLatencyMs: [20, 20], latencyMs: [20, 20] });
});

afterAll(async () => {
  await configureSim({ clockSkewMs: 0, inboundLatencyMs: [0, 0], latencyMs: [0, 0] });
  await clearEstimates();
});

test('a box clock 2 s ahead: measured ahead of the opening, booked with the first request, none early', { timeout: 150_000 }, async () => {
  const { urls, env } = getTestStack();
  const member = await newSignedInMember('box-clock-ahead');
  // Room for the sweep's measurement (≤ 16 probes, one per box second) and the re-arm before any delivery.
  const simClass = await createSimClass({ opensInMs: 60_000, capacity: 1, rivals: { offsetsMs: [300] } });
  const prebooking = await createPrebookingFor(member, simClass);
  expect(prebooking.status).toBe('scheduled');
  const armedByOurClock = prebooking.qstashMessageId;

  // The sweep's window: it measures the clock of every box host with an opening ahead.
  const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
  await qstash.publishJSON({ url: `${urls.app}/api/qstash/prebooking-sweep`, body: { reason: 'test' }, retries: 0 });
  const estimate = await waitFor(
    async () => ((await testDatabase().from('box_clock_estimates').select().like('host', '%/box/demobox').order('measured_at', { ascending: false }).limit(1)).data?.[0] as
        | { offset_lo_ms: number; offset_hi_ms: number }
        | undefined) ?? null,
    // Up to 16 probes of a second each, after the pre-flight's own measurement of this host (one at a
    // time per host) on a loaded machine.
    45_000,
    'a box clock estimate for demobox',
  );
  // About 2 s ahead (the interval is in ms; 2 000 ± a few tens at most).
  expect(estimate.offset_lo_ms).toBeGreaterThan(1_900);
  expect(estimate.offset_hi_ms).toBeLessThan(2_100);

  // Created with no estimate, its message was armed by our clock; having measured the box 2 s ahead,
  // the sweep re-arms it by the box clock: delivered the lead before the opening *there*.
  const rearmed = await waitFor(
    async () => (await getPrebooking(member, prebooking.id)).events.find((event) => event.type === 'rearmed' && event.detail.reason === 'box_clock_ahead'),
    15_000,
    'the re-arm by the box clock',
  );
  // By the sweep, or by the pre-flight (which runs at once for a prebooking created inside its lead) if it measured first.
  expect(rearmed.detail).toMatchObject({ by: expect.stringMatching(/^(sweep|preflight)$/), previousMessageId: armedByOurClock });
  const leadMs = Number(env.PREBOOKING_LEAD_MS);
  // QStash reports notBefore in ms (whole seconds).
  expect(Number((await qstash.messages.get(String(rearmed.detail.messageId))).notBefore)).toBeLessThanOrEqual(simClass.opensAtMs - leadMs - 1_500);
  expect((await getPrebooking(member, prebooking.id)).prebooking.qstashMessageId).toBe(rearmed.detail.messageId);

  const done = await waitForTerminal(member, prebooking.id, Math.max(simClass.opensAtMs - 2_000 - Date.now(), 0) + 20_000);
  expect(done.status).toBe('completed');
  expect(done.resultCode).toBe('booked');
  expect((await getPrebooking(member, prebooking.id)).events.filter((event) => event.type === 'delivery_ignored')).toHaveLength(0);

  const books = bookRequests(await simRequests(simClass.id)).filter((request) => request.userId !== undefined && !String(request.userId).startsWith('rival'));
  expect(books, JSON.stringify(books.map((book) => book.offsetMs))).toHaveLength(1);
  // Arrived at or after the opening on the box clock, and before the rival took the only place.
  expect(books[0]!.offsetMs).toBeGreaterThanOrEqual(0);
  expect(books[0]!.offsetMs).toBeLessThan(300);

  const { events } = await getPrebooking(member, prebooking.id);
  const used = events.find((event) => event.type === 'clock_estimate');
  expect(used?.detail).toMatchObject({ mode: 'box_clock', host: expect.stringMatching(/\/box\/demobox$/) });
  expect(Number(used?.detail.offsetMs)).toBeGreaterThan(1_900);
  const fired = events.filter((event) => event.type === 'fired');
  expect(fired).toHaveLength(1);
  // Released about 2 s before the opening on our clock; on the box clock it landed after it.
  expect(Number(fired[0]!.detail.offsetMs)).toBeLessThan(-1_900);
  expect(Number(fired[0]!.detail.boxOffsetMs)).toBeGreaterThanOrEqual(0);
});

test('created with a box-clock estimate in place: its QStash message is armed by the box clock, booked with the first request, none early', { timeout: 150_000 }, async () => {
  const { urls, env } = getTestStack();
  // The previous test left a fresh estimate of the box clock 2 s ahead.
  const { data: stored } = await testDatabase().from('box_clock_estimates').select('offset_lo_ms').like('host', '%/box/demobox').order('measured_at', { ascending: false }).limit(1);
  expect(Number(stored?.[0]?.offset_lo_ms)).toBeGreaterThan(1_900);

  const member = await newSignedInMember('box-clock-armed');
  const simClass = await createSimClass({ opensInMs: 15_000, capacity: 1, rivals: { offsetsMs: [300] } });
  const prebooking = await createPrebookingFor(member, simClass);
  expect(prebooking.qstashMessageId).toBeTruthy();

  // Armed by our clock, QStash would deliver the lead before *our* opening instant, which is 2 s after
  // the box's: with the box that far ahead, less than the lead would be left. It is armed by the box clock.
  const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
  const message = await qstash.messages.get(prebooking.qstashMessageId!);
  const leadMs = Number(env.PREBOOKING_LEAD_MS);
  // QStash reports notBefore in ms (whole seconds); not re-armed since (created with the estimate in place).
  expect(Number(message.notBefore)).toBeLessThanOrEqual(simClass.opensAtMs - leadMs - 1_500);

  const done = await waitForTerminal(member, prebooking.id, Math.max(simClass.opensAtMs - Date.now(), 0) + 20_000);
  expect(done.status).toBe('completed');
  expect(done.resultCode).toBe('booked');
  const books = bookRequests(await simRequests(simClass.id)).filter((request) => request.userId !== undefined && !String(request.userId).startsWith('rival'));
  const { events } = await getPrebooking(member, prebooking.id);
  const story = JSON.stringify({ books: books.map((book) => book.offsetMs), events: events.filter((event) => ['delivered', 'clock_estimate', 'fired', 'rearmed'].includes(event.type)) });
  expect(books, story).toHaveLength(1);
  expect(books[0]!.offsetMs, story).toBeGreaterThanOrEqual(0);
  expect(books[0]!.offsetMs, story).toBeLessThan(300);
  expect(events.filter((event) => event.type === 'fired')).toHaveLength(1);
  expect(events.filter((event) => event.type === 'rearmed')).toHaveLength(0);
});

test('created while the sweep is measuring the box clock: re-armed by the box clock all the same', { timeout: 150_000 }, async () => {
  const { urls, env } = getTestStack();
  await clearEstimates();
  const early = await newSignedInMember('box-clock-sweep-early');
  const during = await newSignedInMember('box-clock-sweep-during');
  const simClass = await createSimClass({ opensInMs: 40_000, capacity: 2, rivals: { offsetsMs: [300] } });
  await createPrebookingFor(early, simClass);
  const clockProbes = async () => (await simRequests('')).filter((request) => request.path.endsWith('/api/nextBookings') && request.userId === undefined).length;
  const probesBefore = await clockProbes();
  const qstash = new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
  await qstash.publishJSON({ url: `${urls.app}/api/qstash/prebooking-sweep`, body: { reason: 'test' }, retries: 0 });
  // The sweep has listed the prebookings and its measurement is under way (a probe, each on a box second, ~12 of them)…
  await waitFor(async () => (await clockProbes()) > probesBefore, 15_000, "the sweep's first clock probe");
  const prebooking = await createPrebookingFor(during, simClass);
  // …and not over: created with no estimate, this one is armed by our clock, 2 s late for the box.
  const { data: estimates } = await testDatabase().from('box_clock_estimates').select('id').like('host', '%/box/demobox');
  expect(estimates).toHaveLength(0);
  const rearmed = await waitFor(
    async () => (await getPrebooking(during, prebooking.id)).events.find((event) => event.type === 'rearmed' && event.detail.reason === 'box_clock_ahead'),
    30_000,
    'the re-arm of the prebooking created during the measurement',
  );
  // By the sweep, which lists the prebookings to re-arm after its measurement, or by this prebooking's
  // own pre-flight (at once, inside its lead), which waits for that measurement, whichever acts first.
  expect(rearmed.detail).toMatchObject({ by: expect.stringMatching(/^(sweep|preflight)$/), previousMessageId: prebooking.qstashMessageId });
  const done = await waitForTerminal(during, prebooking.id, Math.max(simClass.opensAtMs - 2_000 - Date.now(), 0) + 20_000);
  expect(done.resultCode).toBe('booked');
});

test('with no estimate it fires by our own clock and the timeline says why', { timeout: 150_000 }, async () => {
  await clearEstimates();
  await configureSim({ clockSkewMs: 0 });
  const member = await newSignedInMember('box-clock-none');
  // Classes open on whole minutes: start between 10 s and 45 s into one, so that the opening is under
  // a minute away, too close for a pre-flight (which would measure the clock).
  const intoMinute = Date.now() % 60_000;
  if (intoMinute < 10_000 || intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, (70_000 - intoMinute) % 60_000));
  const simClass = await createSimClass({ opensInMs: 8_000 });
  const prebooking = await createPrebookingFor(member, simClass);
  const done = await waitForTerminal(member, prebooking.id, Math.max(simClass.opensAtMs - Date.now(), 0) + 20_000);
  expect(done.status).toBe('completed');
  const { events } = await getPrebooking(member, prebooking.id);
  expect(events.find((event) => event.type === 'clock_estimate')?.detail).toMatchObject({ mode: 'own_clock', reason: 'missing' });
});
