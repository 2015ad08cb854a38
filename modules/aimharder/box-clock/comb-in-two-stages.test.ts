import { describe, expect, it } from 'vitest';
import { arrivalBoundsOf } from './box-clock-estimate';
import { createCombTestHost } from './box-clock-test-host';
import { combBoxClock, planComb } from './comb-box-clock';
import { combInTwoStages, planTwoStageComb } from './comb-in-two-stages';

const START = Date.UTC(2026, 11, 7, 9, 0, 0, 123);
const COARSE = { teeth: 15, spacingMs: 12 };
const FINE = { teeth: 9, spacingMs: 3 };
const ALLOWANCE_MS = 250;

function twoStages(thetaMs: number | ((sentAtMs: number) => number), around: { lo: number; hi: number }, deadlineMs = START + 3_000, date?: (boxMs: number) => string | null) {
  const host = createCombTestHost({ startMs: START, thetaMs, rttMs: 40, date });
  const coarsePlan = planTwoStageComb({ around, nowMs: START, deadlineMs, coarse: COARSE, fine: FINE, answerAllowanceMs: ALLOWANCE_MS });
  return { host, coarsePlan, cast: () => combInTwoStages({ host: 'h', clock: host.clock, probe: host.probe, around, deadlineMs, fastestRttMs: 40, coarse: COARSE, fine: FINE, coarsePlan: coarsePlan!, answerAllowanceMs: ALLOWANCE_MS }) };
}

describe('planTwoStageComb', () => {
  it('plans the coarse stage a boundary before the deadline when the fine one still fits after it, and nothing otherwise', () => {
    const around = { lo: 15, hi: 25 };
    const plan = planTwoStageComb({ around, nowMs: START, deadlineMs: START + 3_000, coarse: COARSE, fine: FINE, answerAllowanceMs: ALLOWANCE_MS });
    expect(plan).not.toBeNull();
    // Even with θ at the coarse span's low end, the fine comb a second later is answered by the deadline.
    expect(plan!.sendAtMs.at(-1)! + 1_000 + 4 * FINE.spacingMs + ALLOWANCE_MS).toBeLessThanOrEqual(START + 3_000);
    expect(plan!.sendAtMs[1]! - plan!.sendAtMs[0]!).toBe(COARSE.spacingMs);
    // A lead with one boundary left: one comb, as before.
    expect(planTwoStageComb({ around, nowMs: START, deadlineMs: START + 1_200, coarse: COARSE, fine: FINE, answerAllowanceMs: ALLOWANCE_MS })).toBeNull();
    expect(planComb({ around, nowMs: START, deadlineMs: START + 1_200, teeth: 21, spacingMs: 5, answerAllowanceMs: ALLOWANCE_MS })).not.toBeNull();
  });
});

describe('combInTwoStages', () => {
  it.each([40, 80, -70])('finds a box clock that drifted %s ms from the stored estimate and pins it to about the fine spacing', async (driftMs) => {
    const thetaMs = 20 + driftMs;
    const { host, coarsePlan, cast } = twoStages(thetaMs, { lo: 18, hi: 22 });
    expect(coarsePlan).not.toBeNull();
    const result = await cast();
    expect(result).toMatchObject({ ok: true, stages: 2, teeth: 24 });
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    expect(bounds.lo).toBeLessThanOrEqual(thetaMs);
    expect(bounds.hi).toBeGreaterThan(thetaMs);
    expect(bounds.hi - bounds.lo).toBeLessThanOrEqual(FINE.spacingMs);
    expect(host.sent).toHaveLength(24);
    // The fine teeth left a box-second after the coarse ones, within 35 ms of each other.
    expect(host.sent[15]! - host.sent[0]!).toBeGreaterThan(800);
    expect(host.sent[23]! - host.sent[15]!).toBe(24);
  });

  it('is tighter than one comb centred on a drifted estimate', async () => {
    const thetaMs = 66;
    const around = { lo: 18, hi: 22 };
    const single = createCombTestHost({ startMs: START, thetaMs, rttMs: 40, inboundJitter: (index) => (index % 3) * 2 });
    const one = await combBoxClock({ host: 'h', clock: single.clock, probe: single.probe, around, deadlineMs: START + 3_000, fastestRttMs: 40 });
    const { cast } = twoStages(thetaMs, around);
    const two = await cast();
    expect(one.ok && two.ok).toBe(true);
    if (!one.ok || !two.ok) return;
    const width = (result: typeof one) => (result.ok ? arrivalBoundsOf(result.estimate).hi - arrivalBoundsOf(result.estimate).lo : Infinity);
    expect(width(two)).toBeLessThan(width(one));
  });

  it('keeps the coarse answer when the fine stage gives nothing, and gives nothing when the coarse stage crosses no boundary', async () => {
    let probes = 0;
    // The second stage's answers are garbage: the coarse estimate stands.
    const garbled = twoStages(60, { lo: 18, hi: 22 }, START + 3_000, (boxMs) => (probes++ < 15 ? new Date(Math.floor(boxMs / 1000) * 1000).toUTCString() : 'garbage'));
    const kept = await garbled.cast();
    expect(kept).toMatchObject({ ok: true, stages: 1, teeth: 15 });
    if (kept.ok) {
      expect(arrivalBoundsOf(kept.estimate).lo).toBeLessThanOrEqual(60);
      expect(arrivalBoundsOf(kept.estimate).hi).toBeGreaterThan(60);
    }
    // θ 300 ms from the stored estimate is beyond even the coarse span (±84 ms).
    const far = twoStages(320, { lo: 18, hi: 22 });
    expect(await far.cast()).toMatchObject({ ok: false, reason: 'no_crossing', stages: 1 });
    expect(far.host.sent).toHaveLength(15);
  });

  it('follows a clock still drifting between the stages (1.3 ms/s): the fine stage, a second later, decides', async () => {
    const drifting = (sentAtMs: number) => 60 + ((sentAtMs - START) / 1000) * 1.3;
    const { host, cast } = twoStages(drifting, { lo: 18, hi: 22 });
    const result = await cast();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    const atFine = drifting(host.sent[19]!);
    expect(bounds.lo).toBeLessThanOrEqual(atFine + 0.5);
    expect(bounds.hi).toBeGreaterThan(atFine - 0.5);
  });
});
