/**
 * Fault: AimHarder half down while ten prebookings fire together.
 * Injected at the simulator for every AimHarder endpoint (login, class lists, booking…): 25 % of
 * requests hang 1.5 s and then get a 504, a third of the rest get a 503 without being processed,
 * so one request in two fails. The app's own sweep publishes the ten deliveries (as it does for a
 * lost message) and keeps running while they settle, as its QStash schedule would; QStash retries
 * what the app answers 503 and, once out of retries, calls the failure callback.
 * Expected: every prebooking ends `completed` or `failed` with a reason a member can read, none is
 * left active after the sweep, no class is booked twice, and the simulator saw exactly as many
 * booking requests per class as the app recorded sending.
 */
import { afterEach, beforeAll, expect, test } from 'vitest';
import { bookRequests, configureSim, getPrebooking, simRequests, waitFor, type SimRequest } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { ACTIVE_STATUSES, NO_SIM_FAULTS, currentPrebooking, makeDueNow, memberReservations, runSweep, stagePrebooking, warmRoutes } from './reliability-support';

const PREBOOKINGS = 10;

beforeAll(() => warmRoutes());
afterEach(() => configureSim({ ...NO_SIM_FAULTS }));

async function allSimRequests(): Promise<Array<SimRequest & { seq: number }>> {
  const response = await fetch(`${getTestStack().urls.aimharder}/__sim/requests`);
  return ((await response.json()) as { requests: Array<SimRequest & { seq: number }> }).requests;
}

test('AimHarder failing half its requests (5xx and timeouts): ten prebookings all settle, none booked twice', async () => {
  const staged = await Promise.all(Array.from({ length: PREBOOKINGS }, (_, index) => stagePrebooking(`outage${index}`)));
  // Two minutes overdue and never delivered: exactly what the sweep re-publishes.
  for (const one of staged) await makeDueNow(one, 120_000);
  const firstSeq = Math.max(0, ...(await allSimRequests()).map((request) => request.seq));

  await configureSim({ timeoutRate: 0.25, timeoutHangMs: 1_500, errorRate: 1 / 3, faultEndpoints: 'all' });
  expect((await runSweep()).republished).toBeGreaterThanOrEqual(PREBOOKINGS);

  let sweptAt = Date.now();
  await waitFor(
    async () => {
      const statuses = await Promise.all(staged.map(async (one) => (await currentPrebooking(one)).status));
      if (statuses.every((status) => !ACTIVE_STATUSES.includes(status))) return true;
      if (Date.now() - sweptAt > 5_000) {
        sweptAt = Date.now();
        await runSweep();
      }
      return false;
    },
    150_000,
    'every prebooking to settle',
  );

  // The outage really happened: AimHarder refused or dropped many of the app's requests.
  const faulted = (await allSimRequests()).filter((request) => request.seq > firstSeq && (request.result as { fault?: string } | undefined)?.fault);
  expect(faulted.length).toBeGreaterThan(0);

  // One more sweep with AimHarder healthy again finds nothing of ours to revive.
  await configureSim({ ...NO_SIM_FAULTS });
  await runSweep();

  const outcomes: string[] = [];
  for (const one of staged) {
    const { prebooking, events } = await getPrebooking(one.member, one.prebooking.id);
    outcomes.push(`${prebooking.status}/${prebooking.resultCode}`);
    expect(['completed', 'failed']).toContain(prebooking.status);
    expect(prebooking.resultCode).toBeTruthy();
    expect(prebooking.resultMessage?.trim()).toBeTruthy();

    const books = bookRequests(await simRequests(one.simClass.id));
    const accepted = books.filter((request) => (request.result as { bookState?: number } | undefined)?.bookState === 1);
    const reservations = await memberReservations(one.simClass.id);
    if (prebooking.status === 'completed') {
      expect(prebooking.resultCode).toBe('booked');
      expect(accepted).toHaveLength(1);
      expect(reservations).toHaveLength(1);
      expect(prebooking.reservationId).toBe(reservations[0]!.reservationId);
    } else {
      expect(accepted).toHaveLength(0);
      expect(reservations).toHaveLength(0);
    }
    // Every booking request AimHarder saw, faulted or not, is one the app recorded sending.
    expect(books).toHaveLength(events.filter((event) => event.type === 'fired').length);
  }
  console.log(`AimHarder outage: ${faulted.length} requests faulted; outcomes ${outcomes.join(', ')}`);
}, 240_000);
