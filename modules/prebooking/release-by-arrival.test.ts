import { describe, expect, it } from 'vitest';
import { createManualClock, type Clock } from '@/core/time/clock';
import { DEFAULT_BOX_CLOCK_POLICY, type BoxClockEstimate } from '@/modules/aimharder';
import { ArrivalState } from './box-clock-fire';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { COMB_CUTOFF_MS, combDuringLead, planFromEstimate, releaseDuringLead, type LeadComb } from './release-by-arrival';

const OPENING = Date.UTC(2026, 11, 7, 9, 0, 0);
const prebooking = { availableAt: new Date(OPENING).toISOString(), fireAt: new Date(OPENING).toISOString() } as Prebooking;
const BOX = { boxId: 1, subdomain: 'demobox' };

/** θ = box clock − ours + latency; stored as offset ± 2 with 20 ms latency, measured at `measuredAtMs`. */
function estimate(thetaMs: number, measuredAtMs: number): BoxClockEstimate {
  return { host: 'h', offsetLoMs: thetaMs - 22, offsetHiMs: thetaMs - 18, latencyMs: 20, measuredAtMs, samples: 12, source: 'probe' };
}

function dependencies(clock: Clock, probe: () => Promise<string | null> = async () => null, host = 'h') {
  return {
    clock,
    config: { tooEarlyRetryWindowMs: 3_000 },
    logger: { info: () => undefined, warn: () => undefined },
    boxClock: { enabled: true, policy: DEFAULT_BOX_CLOCK_POLICY, hostOf: () => host, probeFor: () => probe },
  } as unknown as PrebookingDependencies;
}

/** A clock that jumps to each awaited instant, and a box θ ahead of it answering after 40 ms (in a later macrotask). */
function virtualBox(startMs: number, thetaMs: number) {
  let now = startMs;
  let probes = 0;
  const clock: Clock = {
    now: () => now,
    sleepUntil: async (epochMs) => {
      if (epochMs > now) now = epochMs;
    },
  };
  const probe = () => {
    probes += 1;
    const sentAt = now;
    return new Promise<string | null>((resolve) =>
      setTimeout(() => {
        // Virtual time per answer (teeth overlap): each is in 40 ms after it left.
        now = sentAt + 40;
        resolve(new Date(Math.floor((sentAt + thetaMs) / 1000) * 1000).toUTCString());
      }, 0),
    );
  };
  return { clock, probe, probes: () => probes };
}

describe('combDuringLead', () => {
  it('casts one comb per host for every execution of the same lead, and catches a box clock that drifted 40 ms since the stored estimate', async () => {
    // The stored estimate (30 s old) says θ = 20 ms; the box has since gained 40 ms: θ = 60.
    const box = virtualBox(OPENING - 3_000, 60);
    const deps = dependencies(box.clock, box.probe, 'shared-host');
    const stored = estimate(20, OPENING - 33_000);
    const first = releaseDuringLead(deps, BOX, prebooking, stored);
    const second = releaseDuringLead(deps, BOX, prebooking, stored);
    expect(first.comb).not.toBeNull();
    expect(second.comb).toBe(first.comb);
    const measured = (await first.comb!).estimate;
    // Three seconds of lead leave two boundaries: a coarse comb (15 teeth), then a fine one (9).
    expect(box.probes()).toBe(24);
    expect(measured).not.toBeNull();
    // θ of the fastest request now brackets 60 within the fine comb's spacing.
    expect(measured!.offsetLoMs + measured!.latencyMs).toBeLessThanOrEqual(60);
    expect(measured!.offsetHiMs + measured!.latencyMs).toBeGreaterThan(60);
    expect(measured!.offsetHiMs - measured!.offsetLoMs).toBeLessThanOrEqual(3);
  });

  it('casts a single comb when the lead leaves one boundary before the release', async () => {
    const box = virtualBox(OPENING - 1_700, 60);
    const deps = dependencies(box.clock, box.probe, 'short-lead-host');
    const { comb } = releaseDuringLead(deps, BOX, prebooking, estimate(20, OPENING - 33_000));
    const measured = (await comb!).estimate;
    expect(box.probes()).toBe(21);
    expect(measured!.offsetLoMs + measured!.latencyMs).toBeLessThanOrEqual(60);
    expect(measured!.offsetHiMs + measured!.latencyMs).toBeGreaterThan(60);
    expect(measured!.offsetHiMs - measured!.offsetLoMs).toBeLessThanOrEqual(5);
  });

  it('casts none without a trusted estimate (nothing to centre on) or when no boundary is answered before the release', () => {
    const clock = createManualClock(OPENING - 3_000);
    expect(releaseDuringLead(dependencies(clock, undefined, 'none-host'), BOX, prebooking, null).comb).toBeNull();
    const late = createManualClock(OPENING - 200);
    expect(combDuringLead(dependencies(late, undefined, 'late-host'), BOX, planFromEstimate(dependencies(late), prebooking, estimate(20, OPENING - 10_000)), null)).toBeNull();
  });
});

describe('ArrivalState.settle', () => {
  const stored = estimate(20, OPENING - 30_000);

  function arrival(clock: Clock, comb: Promise<LeadComb>) {
    const deps = dependencies(clock);
    const plan = planFromEstimate(deps, prebooking, stored);
    return { state: new ArrivalState(deps, { plan, estimate: stored, refreshed: false, comb, prebooking }, OPENING), plan };
  }

  it('re-plans the release from a comb that is in before the cutoff: 40 ms of drift, 40 ms earlier, and the drift both prove carried on to the release', async () => {
    const clock = createManualClock(OPENING - 1_000);
    const { state, plan } = arrival(clock, Promise.resolve({ estimate: estimate(60, OPENING - 1_000) }));
    const shown = await state.settle();
    // θ ∈ [18, 22) 30 s ago, [58, 62) 1 s ago: at least 36 ms in 29 s, carried over the ~0.98 s to the release.
    const carriedMs = (36 / 29_000) * (plan.releaseAtMs - (OPENING - 1_000));
    expect(shown).toMatchObject({ taken: true, provenDriftMsPerS: 1.24, carriedForwardMs: expect.closeTo(carriedMs, 1), releaseShiftMs: expect.closeTo(-40 - carriedMs, 0) });
    expect(state.plan.releaseAtMs).toBeCloseTo(plan.releaseAtMs - 40 - carriedMs, 0);
    // A retry after a too-early answer aims by the comb's bounds too (by the stored ones: ~opening − 16).
    expect(state.retryAtMs(OPENING - 200, 50)).toBeLessThanOrEqual(OPENING - 50);
  });

  it('a comb that agrees with the stored estimate but is wider (its teeth slower) keeps the narrower overlap: the release does not move later', async () => {
    const clock = createManualClock(OPENING - 1_000);
    // Stored θ ∈ [18, 22) (aged a little); the comb says θ ∈ [8, 21): both hold, the overlap is [18, 21).
    const wide: BoxClockEstimate = { host: 'h', offsetLoMs: -12, offsetHiMs: 1, latencyMs: 20, measuredAtMs: OPENING - 1_000, samples: 21, source: 'probe' };
    const { state, plan } = arrival(clock, Promise.resolve({ estimate: wide }));
    expect(await state.settle()).toMatchObject({ taken: true, overlapsStored: true });
    expect(state.plan.releaseAtMs).toBeLessThanOrEqual(plan.releaseAtMs);
    expect(state.plan.releaseAtMs).toBeGreaterThan(plan.releaseAtMs - 1);
  });

  it('a comb only seconds after the stored measurement proves no drift: nothing is carried forward', async () => {
    const clock = createManualClock(OPENING - 1_000);
    const recent = estimate(20, OPENING - 4_000);
    const deps = dependencies(clock);
    const plan = planFromEstimate(deps, prebooking, recent);
    const state = new ArrivalState(deps, { plan, estimate: recent, refreshed: false, comb: Promise.resolve({ estimate: estimate(40, OPENING - 1_000) }), prebooking }, OPENING);
    const shown = await state.settle();
    expect(shown).toMatchObject({ taken: true, releaseShiftMs: expect.closeTo(-20, 0) });
    expect(shown).not.toHaveProperty('provenDriftMsPerS');
  });

  it('never waits for a comb past the cutoff: the release stays as planned', async () => {
    const clock = createManualClock(OPENING - 1_000);
    const { state, plan } = arrival(clock, new Promise<LeadComb>(() => undefined));
    const settled = state.settle();
    clock.set(plan.releaseAtMs - COMB_CUTOFF_MS);
    expect(await settled).toEqual({ taken: false, reason: 'late' });
    expect(state.plan.releaseAtMs).toBe(plan.releaseAtMs);
  });

  it('does not believe a comb that would move the release by hundreds of ms', async () => {
    const clock = createManualClock(OPENING - 1_000);
    const { state, plan } = arrival(clock, Promise.resolve({ estimate: estimate(420, OPENING - 1_000) }));
    expect(await state.settle()).toMatchObject({ taken: false, reason: 'shift_too_large' });
    expect(state.plan.releaseAtMs).toBe(plan.releaseAtMs);
  });
});
