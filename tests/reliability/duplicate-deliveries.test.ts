/**
 * Fault: QStash delivers at least once, so every message may arrive several times at once.
 * Injected: four prebookings fall due together; each one's message is delivered five times
 * concurrently (same message id, a fresh real signature per attempt, as QStash redelivers), all
 * twenty requests in flight together, plus one late duplicate after the outcome is stored.
 * Expected: exactly one AimHarder booking request per prebooking, each `completed`.
 */
import { beforeAll, expect, test } from 'vitest';
import { bookRequests, simRequests } from '../support/app-client';
import {
  EXECUTE_PATH,
  currentPrebooking,
  deliverSigned,
  eventTypes,
  makeDueNow,
  memberReservations,
  stagePrebooking,
  warmRoutes,
} from './reliability-support';

const PREBOOKINGS = 4;
const COPIES = 5;

beforeAll(() => warmRoutes());

test('every message delivered 5 times concurrently books each of 4 prebookings exactly once', async () => {
  const staged = await Promise.all(Array.from({ length: PREBOOKINGS }, (_, index) => stagePrebooking(`dup${index}`)));
  for (const one of staged) await makeDueNow(one);

  const deliveries = staged.flatMap((one) =>
    Array.from({ length: COPIES }, (_, copy) =>
      deliverSigned(EXECUTE_PATH, { prebookingId: one.prebooking.id }, { messageId: `msg_dup_${one.prebooking.id}`, retried: copy }).then(async (response) => ({
        prebookingId: one.prebooking.id,
        status: response.status,
        body: (await response.json()) as { status?: string; detail?: string },
      })),
    ),
  );
  const answers = await Promise.all(deliveries);

  // Every copy is acknowledged (2xx), so QStash would not deliver any of them again.
  expect(answers.map((answer) => answer.status)).toEqual(Array(PREBOOKINGS * COPIES).fill(200));

  for (const one of staged) {
    // The copy that won the claim answers with the outcome; the other four found nothing to do.
    const mine = answers.filter((answer) => answer.prebookingId === one.prebooking.id);
    expect(mine.filter((answer) => !/nothing to do/.test(answer.body.detail ?? ''))).toHaveLength(1);

    const done = await currentPrebooking(one);
    expect(done).toMatchObject({ status: 'completed', resultCode: 'booked' });
    expect(done.reservationId).toBeTruthy();
    expect(bookRequests(await simRequests(one.simClass.id))).toHaveLength(1);
    expect(await memberReservations(one.simClass.id)).toHaveLength(1);
    const types = await eventTypes(one);
    expect(types.filter((type) => type === 'delivered')).toHaveLength(1);
    expect(types.filter((type) => type === 'delivery_ignored')).toHaveLength(COPIES - 1);
  }

  // A straggler arriving after the outcome is stored changes nothing either.
  const late = await deliverSigned(EXECUTE_PATH, { prebookingId: staged[0]!.prebooking.id }, { messageId: `msg_dup_${staged[0]!.prebooking.id}`, retried: COPIES });
  expect(late.status).toBe(200);
  expect(await late.json()).toMatchObject({ status: 'completed', detail: 'prebooking is completed: nothing to do' });
  for (const one of staged) {
    expect((await currentPrebooking(one)).status).toBe('completed');
    expect(bookRequests(await simRequests(one.simClass.id))).toHaveLength(1);
  }
});
