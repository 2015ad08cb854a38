import { describe, expect, it } from 'vitest';
import { createManualClock } from '@/core/time/clock';
import { DEFAULT_BOX_CLOCK_POLICY } from '@/modules/aimharder';
import { ArrivalState } from './box-clock-fire';
import type { PrebookingDependencies } from './prebooking-dependencies';
import type { ReleasePlan } from './release-plan';

const OPENING = 1_000_000;

function state(bounds: ReleasePlan['bounds']) {
  const deps = {
    clock: createManualClock(OPENING - 3_000),
    config: { tooEarlyRetryWindowMs: 3_000 },
    boxClock: { enabled: true, policy: DEFAULT_BOX_CLOCK_POLICY, hostOf: () => 'h', probeFor: () => async () => null },
  } as unknown as PrebookingDependencies;
  const plan: ReleasePlan = { mode: bounds ? 'box_clock' : 'own_clock', releaseAtMs: OPENING, reason: null, bounds, detail: {} };
  return new ArrivalState(deps, { plan, estimate: null, refreshed: false }, OPENING);
}

describe('ArrivalState', () => {
  it('without bounds, a too-early answer is retried after the flat period', () => {
    const arrival = state(null);
    arrival.observe({ firedAtMs: OPENING, outcome: { kind: 'too_early' } as never });
    expect(arrival.retryAtMs(OPENING + 40, 50)).toBe(OPENING + 90);
  });

  it('with an old estimate saying the box is ~500 ms behind, the retry aims at the box opening instead of hammering', () => {
    // Fired by our clock at the opening; the stale estimate says θ ∈ [−520, −480].
    const arrival = state({ lo: -520, hi: -480 });
    arrival.observe({ firedAtMs: OPENING, outcome: { kind: 'too_early' } as never });
    expect(arrival.retryAtMs(OPENING + 40, 50)).toBe(OPENING + 520 + DEFAULT_BOX_CLOCK_POLICY.marginMs);
  });

  it('an answer that contradicts the bounds drops them: back to the flat period', () => {
    const arrival = state({ lo: 18, hi: 26 });
    // Let go at opening − 18 + 2 and still too early: θ < 16, outside [18, 26).
    arrival.observe({ firedAtMs: OPENING - 16, outcome: { kind: 'too_early' } as never });
    expect(arrival.retryAtMs(OPENING + 30, 50)).toBe(OPENING + 80);
  });

  it('shows where a request landed on the box clock', () => {
    const arrival = state({ lo: 2_016, hi: 2_024 });
    expect(arrival.observe({ firedAtMs: OPENING - 2_014, outcome: { kind: 'booked', reservationId: 'r' } as never })).toEqual({ boxOffsetMs: 6 });
  });
});
