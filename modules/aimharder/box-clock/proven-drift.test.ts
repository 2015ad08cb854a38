import { describe, expect, it } from 'vitest';
import type { BoxClockEstimate } from './box-clock-estimate';
import { carryEstimateForward, provenDriftRate } from './proven-drift';

const T0 = 1_000_000;

function estimate(offsetLoMs: number, offsetHiMs: number, measuredAtMs: number, latencyMs = 20): BoxClockEstimate {
  return { host: 'box.example', offsetLoMs, offsetHiMs, latencyMs, measuredAtMs, samples: 9, source: 'probe' };
}

describe('provenDriftRate', () => {
  it('is the slowest rate both intervals allow: the gap between them over the time between them', () => {
    // Arrival offset [515, 525] then, 20 s later, [552, 556]: at least 27 ms in 20 s.
    expect(provenDriftRate(estimate(495, 505, T0), estimate(532, 536, T0 + 20_000))).toBeCloseTo(27 / 20_000, 12);
    // Falling: [515, 525] then [470, 480] 10 s later: at least 35 ms in 10 s, downwards.
    expect(provenDriftRate(estimate(495, 505, T0), estimate(450, 460, T0 + 10_000))).toBeCloseTo(-35 / 10_000, 12);
  });

  it('compares arrival offsets (offset + latency), not offsets alone', () => {
    // The same arrival offset split differently between clock and network: no drift.
    expect(provenDriftRate(estimate(495, 505, T0, 20), estimate(505, 515, T0 + 20_000, 10))).toBe(0);
  });

  it('proves nothing when the intervals overlap, when they are seconds apart, or when a figure is not a number', () => {
    expect(provenDriftRate(estimate(495, 505, T0), estimate(504, 508, T0 + 60_000))).toBe(0);
    expect(provenDriftRate(estimate(495, 505, T0), estimate(600, 604, T0 + 4_999))).toBe(0);
    expect(provenDriftRate(estimate(495, 505, T0 + 20_000), estimate(600, 604, T0))).toBe(0);
    expect(provenDriftRate(estimate(495, Number.NaN, T0), estimate(600, 604, T0 + 20_000))).toBe(0);
    expect(provenDriftRate(estimate(495, 505, Number.NaN), estimate(600, 604, T0 + 20_000))).toBe(0);
  });
});

describe('carryEstimateForward', () => {
  it('moves both bounds by rate × the time since the measurement, keeping its width, latency and time', () => {
    const carried = carryEstimateForward(estimate(532, 536, T0), 27 / 20_000, T0 + 1_500);
    expect(carried.offsetLoMs).toBeCloseTo(534.025, 9);
    expect(carried.offsetHiMs).toBeCloseTo(538.025, 9);
    expect(carried).toMatchObject({ latencyMs: 20, measuredAtMs: T0, samples: 9 });
  });

  it('leaves the estimate as it is with no drift, or for an instant before its measurement', () => {
    const measured = estimate(532, 536, T0);
    expect(carryEstimateForward(measured, 0, T0 + 1_500)).toBe(measured);
    expect(carryEstimateForward(measured, 0.001, T0 - 1_500)).toBe(measured);
  });
});
