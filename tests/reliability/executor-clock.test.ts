/**
 * The executor role (DATABASE_URL) cannot bring its own clock: claim_prebooking takes every
 * instant from the database and caps the durations, so a leaked URL cannot take a running
 * execution's lease with a claim "from the year 9999", pin a row for ever, close its cancel window
 * early or record a fire instant in the future.
 */
import postgres from 'postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';
import { stackQStash, stagePrebooking, type StagedPrebooking } from './reliability-support';

const FAR_FUTURE = '9999-01-01T00:00:00Z';
const MAX_INT = 2_147_483_647;

async function stageQuiet(label: string): Promise<StagedPrebooking> {
  const staged = await stagePrebooking(label);
  // The test claims it by hand: its real delivery (ten minutes away) must not interfere.
  await stackQStash().messages.cancel(staged.prebooking.qstashMessageId!);
  return staged;
}

async function row(id: string): Promise<{ status: string; lease_expires_at: string | null; delivered_at: string | null; fire_committed_at: string | null; fired_at: string | null }> {
  const { data, error } = await testDatabase().from('prebookings').select('status, lease_expires_at, delivered_at, fire_committed_at, fired_at').eq('id', id).single();
  if (error) throw new Error(error.message);
  return data as never;
}

describe('the executor role and time', () => {
  const executor = postgres(getTestStack().env.DATABASE_URL!, { max: 1, onnotice: () => {} });

  afterAll(async () => {
    await executor.end();
  });

  test('a claim "from 9999" cannot take the lease of a running execution', async () => {
    const staged = await stageQuiet('clock-live');
    const [first] = await executor`select claim_prebooking(${staged.prebooking.id}::uuid, now(), 75000, null) as claim`;
    expect(first!.claim).not.toBeNull();
    const [thief] = await executor`select claim_prebooking(${staged.prebooking.id}::uuid, ${FAR_FUTURE}::timestamptz, ${MAX_INT}, ${MAX_INT}) as claim`;
    expect(thief!.claim).toBeNull();
    const leaseToken = (first!.claim as { prebooking: { lease_token: string } }).prebooking.lease_token;
    const current = await row(staged.prebooking.id);
    expect(current.status).toBe('executing');
    // Still the first execution's lease: its token records, the thief has none.
    const [recorded] = await executor`select record_prebooking_fire(${staged.prebooking.id}::uuid, ${leaseToken}::uuid, now(), '[]'::jsonb) as recorded`;
    expect(recorded!.recorded).toBe(true);
  });

  test('a claim with a far-future clock and huge durations is harmless: database time, capped lease, no early commit', async () => {
    const staged = await stageQuiet('clock-forged');
    const [claimed] = await executor`select claim_prebooking(${staged.prebooking.id}::uuid, ${FAR_FUTURE}::timestamptz, ${MAX_INT}, ${MAX_INT}) as claim`;
    const token = (claimed!.claim as { prebooking: { lease_token: string } } | null)?.prebooking.lease_token;
    const after = Date.now();
    const current = await row(staged.prebooking.id);
    // The lease ends within the cap (10 minutes) of now, not in the year 9999, so a real delivery reclaims it.
    expect(new Date(current.lease_expires_at!).getTime()).toBeLessThanOrEqual(after + 10 * 60_000 + 5_000);
    expect(new Date(current.delivered_at!).getFullYear()).toBeLessThan(9999);
    // The class opens in ten minutes: the cancel window (at most two minutes before) stays open.
    expect(current.fire_committed_at).toBeNull();
    // A fire instant "from the future" is recorded as no later than the database's now.
    if (token) {
      const [recorded] = await executor`select record_prebooking_fire(${staged.prebooking.id}::uuid, ${token}::uuid, ${FAR_FUTURE}::timestamptz, '[]'::jsonb) as recorded`;
      expect(recorded!.recorded).toBe(true);
      expect(new Date((await row(staged.prebooking.id)).fired_at!).getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    }
  });
});
