/**
 * Ending a prebooking from outside its execution — QStash's failure callback, the sweep — never
 * overrules what is true: the callback of an old message does not fail a prebooking a newer
 * message is executing, nothing fails a prebooking under a live lease, and a prebooking that fired
 * before its execution died ends by what AimHarder holds, not "never delivered".
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { getPrebooking, testDatabase, waitForTerminal } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import {
  EXECUTE_PATH,
  FAILED_PATH,
  deliverSigned,
  makeDueNow,
  memberReservations,
  runSweep,
  stackQStash,
  stagePrebooking,
  warmRoutes,
  type StagedPrebooking,
} from './reliability-support';

async function setRow(id: string, changes: Record<string, unknown>): Promise<void> {
  const { error } = await testDatabase().from('prebookings').update(changes).eq('id', id);
  if (error) throw new Error(error.message);
}

async function statusOf(staged: StagedPrebooking): Promise<string> {
  return (await getPrebooking(staged.member, staged.prebooking.id)).prebooking.status;
}

function failureCallback(staged: StagedPrebooking, sourceMessageId: string): Promise<Response> {
  const { urls } = getTestStack();
  return deliverSigned(FAILED_PATH, {
    status: 500,
    retried: 3,
    maxRetries: 3,
    dlqId: `dlq-${randomUUID()}`,
    sourceMessageId,
    url: `${urls.app}${EXECUTE_PATH}`,
    sourceBody: Buffer.from(JSON.stringify({ prebookingId: staged.prebooking.id })).toString('base64'),
  });
}

describe('the failure callback', () => {
  test('acts only for the current message, and never under a live lease', async () => {
    await warmRoutes();
    const staged = await stagePrebooking('callback-guard');
    await stackQStash().messages.cancel(staged.prebooking.qstashMessageId!);
    const leaseLive = new Date(Date.now() + 60_000).toISOString();
    // A second message is executing it right now.
    await setRow(staged.prebooking.id, { status: 'executing', lease_token: randomUUID(), lease_expires_at: leaseLive, qstash_schedule_id: 'msg_second' });

    expect((await failureCallback(staged, 'msg_first')).status).toBe(200);
    expect(await statusOf(staged)).toBe('executing');
    // Even the current message's callback waits for the lease to lapse.
    expect((await failureCallback(staged, 'msg_second')).status).toBe(200);
    expect(await statusOf(staged)).toBe('executing');

    // The execution died (lease expired): the old message still may not fail it; the current one may.
    await setRow(staged.prebooking.id, { lease_expires_at: new Date(Date.now() - 1_000).toISOString() });
    await failureCallback(staged, 'msg_first');
    expect(await statusOf(staged)).toBe('executing');
    await failureCallback(staged, 'msg_second');
    const { prebooking, events } = await getPrebooking(staged.member, staged.prebooking.id);
    expect(prebooking).toMatchObject({ status: 'failed', resultCode: 'delivery_failed' });
    expect(events.map((event) => event.type)).toContain('failure_callback_ignored');
  });
});

describe('the sweep', () => {
  test('a prebooking that fired before its execution died ends by what AimHarder holds', async () => {
    await warmRoutes();
    const staged = await stagePrebooking('sweep-fired');
    await makeDueNow(staged);
    expect((await deliverSigned(EXECUTE_PATH, { prebookingId: staged.prebooking.id })).status).toBe(200);
    const booked = await waitForTerminal(staged.member, staged.prebooking.id);
    expect(booked).toMatchObject({ status: 'completed', resultCode: 'booked' });
    const [reservation] = await memberReservations(staged.simClass.id);
    expect(reservation).toBeDefined();

    // As if the function died after the booking request, before recording the outcome; the class has started since.
    await setRow(staged.prebooking.id, {
      status: 'executing',
      lease_token: randomUUID(),
      lease_expires_at: new Date(Date.now() - 60_000).toISOString(),
      class_starts_at: new Date(Date.now() - 60_000).toISOString(),
      result_code: null,
      result_message: null,
      aimharder_reservation_id: null,
    });
    await runSweep();
    const { prebooking, events } = await getPrebooking(staged.member, staged.prebooking.id);
    expect(prebooking).toMatchObject({ status: 'completed', resultCode: 'booked', reservationId: reservation!.reservationId });
    // The pre-flight (issue 17) may add its own events after it: the newest ending is the sweep's.
    expect(events.filter((event) => event.type === 'completed').at(-1)).toMatchObject({ detail: { by: 'sweep', reconciled: true } });
  });

  test('it does not fail a prebooking under a live lease, even once its class started', async () => {
    const staged = await stagePrebooking('sweep-live');
    await stackQStash().messages.cancel(staged.prebooking.qstashMessageId!);
    await setRow(staged.prebooking.id, {
      status: 'executing',
      lease_token: randomUUID(),
      lease_expires_at: new Date(Date.now() + 60_000).toISOString(),
      class_starts_at: new Date(Date.now() - 1_000).toISOString(),
    });
    await runSweep();
    expect(await statusOf(staged)).toBe('executing');
  });
});
