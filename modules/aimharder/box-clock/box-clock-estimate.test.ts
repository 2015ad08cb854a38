import { describe, expect, it } from 'vitest';
import { assessEstimate, describeEstimate, releaseInstant, retryInstantAfterTooEarly, type BoxClockEstimate, type BoxClockPolicy } from './box-clock-estimate';

const POLICY: BoxClockPolicy = { maxAgeMs: 30 * 60_000, maxWidthMs: 40, driftMsPerMinute: 0.5, marginMs: 2 };
const NOW = 1_000_000;

function estimate(overrides: Partial<BoxClockEstimate> = {}): BoxClockEstimate {
  return { host: 'box.example', offsetLoMs: 496, offsetHiMs: 504, latencyMs: 20, measuredAtMs: NOW, samples: 9, source: 'probe', ...overrides };
}

describe('assessEstimate', () => {
  it('uses a fresh, narrow estimate as arrival bounds (offset + latency)', () => {
    expect(assessEstimate(estimate(), NOW, POLICY)).toEqual({ usable: true, bounds: { lo: 516, hi: 524 }, ageMs: 0, uncertaintyMs: 4 });
  });

  it('widens the interval by the drift allowance for its age', () => {
    const ten = assessEstimate(estimate(), NOW + 10 * 60_000, POLICY);
    expect(ten).toMatchObject({ usable: true, bounds: { lo: 511, hi: 529 }, uncertaintyMs: 9 });
  });

  it('falls back when there is none, when it is stale, too wide or broken', () => {
    expect(assessEstimate(null, NOW, POLICY)).toMatchObject({ usable: false, reason: 'missing' });
    expect(assessEstimate(estimate(), NOW + 31 * 60_000, POLICY)).toMatchObject({ usable: false, reason: 'stale', ageMs: 31 * 60_000 });
    expect(assessEstimate(estimate({ offsetLoMs: 0, offsetHiMs: 41 }), NOW, POLICY)).toMatchObject({ usable: false, reason: 'too_wide', uncertaintyMs: 20.5 });
    // Narrow enough when measured, too wide once 29 min of drift allowance are added.
    expect(assessEstimate(estimate({ offsetLoMs: 0, offsetHiMs: 20 }), NOW + 29 * 60_000, POLICY)).toMatchObject({ usable: false, reason: 'too_wide' });
    expect(assessEstimate(estimate({ offsetLoMs: 10, offsetHiMs: 5 }), NOW, POLICY)).toMatchObject({ usable: false, reason: 'invalid' });
    expect(assessEstimate(estimate({ latencyMs: Number.NaN }), NOW, POLICY)).toMatchObject({ usable: false, reason: 'invalid' });
  });
});

describe('releaseInstant', () => {
  it('lets the request go at opening − offset − latency + uncertainty + margin', () => {
    // Box 500 ± 4 ms ahead, 20 ms one way: opening 10 000 on the box clock is 9 500 on ours; the
    // fastest request needs 20 ms; release so it arrives 2 ms after even the earliest opening.
    const bounds = { lo: 516, hi: 524 };
    expect(releaseInstant(10_000, bounds, 2)).toBe(10_000 - 500 - 20 + 4 + 2);
  });

  it('works for a box clock behind ours', () => {
    expect(releaseInstant(10_000, { lo: -2_010, hi: -2_000 }, 2)).toBe(12_012);
  });
});

describe('retryInstantAfterTooEarly', () => {
  const options = { minGapMs: 5, maxGapMs: 3_000, marginMs: 2 };

  it('retries so the request arrives just after the opening by what is known', () => {
    // Fallback fired at our opening instant; the box is ~500 ms behind: retry near 10 522, not every 50 ms.
    expect(retryInstantAfterTooEarly(10_000, { lo: -520, hi: -480 }, 10_040, options)).toBe(10_522);
  });

  it('never sooner than the minimum gap after the answer, never later than the maximum', () => {
    expect(retryInstantAfterTooEarly(10_000, { lo: 30, hi: 40 }, 10_040, options)).toBe(10_045);
    expect(retryInstantAfterTooEarly(10_000, { lo: -9_000, hi: -8_990 }, 10_040, options)).toBe(13_040);
  });

  it('without bounds, the flat period (the maximum gap)', () => {
    expect(retryInstantAfterTooEarly(10_000, null, 10_040, { ...options, maxGapMs: 50 })).toBe(10_090);
  });
});

describe('describeEstimate', () => {
  it('reads as offset ± uncertainty', () => {
    expect(describeEstimate(estimate())).toEqual({ offsetMs: 500, uncertaintyMs: 4, latencyMs: 20 });
  });
});
