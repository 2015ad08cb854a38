import { describe, expect, it } from 'vitest';
import { arrivalBoundsOf } from './box-clock-estimate';
import { combBoxClock, planComb } from './comb-box-clock';
import { createCombTestHost } from './box-clock-test-host';

const START = Date.UTC(2026, 11, 7, 9, 0, 0, 123);

const combHost = (options: Omit<Parameters<typeof createCombTestHost>[0], 'startMs'>) => createCombTestHost({ startMs: START, ...options });

describe('planComb', () => {
  it('centres the teeth on the latest box-second boundary answered by the deadline', () => {
    // θ ≈ 2,020 ms: box second B is reached by a request let go at B − 2,020.
    const plan = planComb({ around: { lo: 2_015, hi: 2_025 }, nowMs: START, deadlineMs: START + 3_000, teeth: 5, spacingMs: 5, answerAllowanceMs: 200 });
    expect(plan).not.toBeNull();
    const middle = plan!.sendAtMs[2]!;
    expect(middle + 2_020).toBe(plan!.boundaryBoxMs);
    expect(plan!.boundaryBoxMs % 1000).toBe(0);
    expect(plan!.sendAtMs.at(-1)! + 200).toBeLessThanOrEqual(START + 3_000);
    // The latest such boundary: the next one would not be answered in time.
    expect(plan!.sendAtMs.at(-1)! + 1_000 + 200).toBeGreaterThan(START + 3_000);
    expect(plan!.sendAtMs[1]! - plan!.sendAtMs[0]!).toBe(5);
  });

  it('is not cast when no boundary fits before the deadline, or without a rough θ', () => {
    expect(planComb({ around: { lo: 0, hi: 10 }, nowMs: START, deadlineMs: START + 150, teeth: 21, spacingMs: 5, answerAllowanceMs: 200 })).toBeNull();
    expect(planComb({ around: { lo: -Infinity, hi: Infinity }, nowMs: START, deadlineMs: START + 5_000, teeth: 21, spacingMs: 5, answerAllowanceMs: 200 })).toBeNull();
  });
});

describe('combBoxClock', () => {
  it.each([0, 500, -2_000, 2_000])('pins θ to about one spacing after one boundary, with a box clock %s ms off, from a prior 40 ms wrong', async (offsetMs) => {
    const thetaMs = offsetMs + 20;
    const host = combHost({ thetaMs, rttMs: 40 });
    // The stored estimate says θ ≈ truth − 40 (the box clock drifted since).
    const result = await combBoxClock({ host: 'h', clock: host.clock, probe: host.probe, around: { lo: thetaMs - 42, hi: thetaMs - 38 }, deadlineMs: START + 2_500 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    expect(bounds.lo).toBeLessThanOrEqual(thetaMs);
    expect(bounds.hi).toBeGreaterThan(thetaMs);
    expect(bounds.hi - bounds.lo).toBeLessThanOrEqual(5);
    expect(result.estimate.latencyMs).toBe(20);
    expect(host.sent).toHaveLength(21);
    // One boundary wait, not one per halving: every tooth went within 100 ms.
    expect(host.sent.at(-1)! - host.sent[0]!).toBe(100);
  });

  it('keeps the truth inside when the inbound legs jitter (teeth may cross)', async () => {
    const thetaMs = 517;
    const jitter = [2.5, -1, 3, -2.9, 0.4, 1.7, -0.3, 2.2, -2.2, 0.9, 2.9, -1.5, 1.1, -2.7, 0.2, 2.6, -0.8, 1.4, -2.4, 0.6, 1.9];
    // The truth is the *fastest* arrival: θ here is offset + the smallest inbound leg.
    const host = combHost({ thetaMs, rttMs: 40, inboundJitter: (index) => jitter[index]! + 3 });
    const result = await combBoxClock({ host: 'h', clock: host.clock, probe: host.probe, around: { lo: thetaMs - 20, hi: thetaMs }, deadlineMs: START + 2_500 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    expect(bounds.hi).toBeGreaterThan(thetaMs);
    expect(bounds.lo).toBeLessThanOrEqual(thetaMs + 6);
    expect(bounds.hi - bounds.lo).toBeLessThanOrEqual(12);
  });

  it('teeth all slowed together (a busy box or machine) do not pass for fast ones: against the fastest round trip seen before, θ stays below the truth', async () => {
    // The fastest request arrives θ = 20 ms after it leaves; every tooth is 60 ms slower each way.
    const slowed = () => combHost({ thetaMs: 20, rttMs: 160, inboundJitter: () => 60 });
    const alone = slowed();
    const unaware = await combBoxClock({ host: 'h', clock: alone.clock, probe: alone.probe, around: { lo: 40, hi: 60 }, deadlineMs: START + 2_500 });
    // Measured against their own round trip, the crossing says θ ≈ 80: a release by it would be 60 ms early.
    expect(unaware.ok && arrivalBoundsOf(unaware.estimate).lo).toBeGreaterThan(20);
    const hinted = slowed();
    const aware = await combBoxClock({ host: 'h', clock: hinted.clock, probe: hinted.probe, around: { lo: 40, hi: 60 }, deadlineMs: START + 2_500, fastestRttMs: 40 });
    expect(aware.ok).toBe(true);
    if (!aware.ok) return;
    expect(arrivalBoundsOf(aware.estimate).lo).toBeLessThanOrEqual(20);
    expect(arrivalBoundsOf(aware.estimate).hi).toBeGreaterThan(20);
    expect(aware.estimate.latencyMs).toBe(20);
  });

  it('gives no estimate when θ moved beyond the comb (no crossing) or `Date` is garbage or rewritten', async () => {
    const far = combHost({ thetaMs: 300, rttMs: 40 });
    expect(await combBoxClock({ host: 'h', clock: far.clock, probe: far.probe, around: { lo: 190, hi: 200 }, deadlineMs: START + 2_500 })).toMatchObject({ ok: false, reason: 'no_crossing' });
    const garbage = combHost({ thetaMs: 20, rttMs: 40, date: () => 'not a date' });
    expect(await combBoxClock({ host: 'h', clock: garbage.clock, probe: garbage.probe, around: { lo: 15, hi: 25 }, deadlineMs: START + 2_500 })).toMatchObject({ ok: false });
    const proxy = combHost({ thetaMs: 20, rttMs: 40, date: (boxMs) => new Date(Math.floor(boxMs / 1000) * 1000 + 7_000).toUTCString() });
    expect(await combBoxClock({ host: 'h', clock: proxy.clock, probe: proxy.probe, around: { lo: 15, hi: 25 }, deadlineMs: START + 2_500 })).toMatchObject({ ok: false, reason: 'inconsistent' });
  });

  it('sends nothing when the deadline leaves no boundary', async () => {
    const host = combHost({ thetaMs: 20, rttMs: 40 });
    expect(await combBoxClock({ host: 'h', clock: host.clock, probe: host.probe, around: { lo: 15, hi: 25 }, deadlineMs: START + 200 })).toMatchObject({ ok: false, reason: 'no_time' });
    expect(host.sent).toHaveLength(0);
  });
});
