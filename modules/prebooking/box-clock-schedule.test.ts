import { describe, expect, it } from 'vitest';
import { DEFAULT_BOX_CLOCK_POLICY, type BoxClockEstimate } from '@/modules/aimharder';
import { boxClockLeadShiftMs } from './box-clock-schedule';
import type { PrebookingDependencies } from './prebooking-dependencies';

const AVAILABLE = Date.UTC(2026, 11, 7, 17, 0, 0);
const NOW = AVAILABLE - 15 * 60_000;
const LEAD = 3_000;

function estimate(offsetMs: number, overrides: Partial<BoxClockEstimate> = {}): BoxClockEstimate {
  return { host: 'box.aimharder.com', offsetLoMs: offsetMs - 4, offsetHiMs: offsetMs + 4, latencyMs: 20, measuredAtMs: NOW - 60_000, samples: 9, source: 'probe', ...overrides };
}

const deps = (enabled = true) =>
  ({
    boxClock: { enabled, policy: DEFAULT_BOX_CLOCK_POLICY, hostOf: () => 'box.aimharder.com', probeFor: () => async () => null },
    config: { maxWaitMs: 45_000 },
  }) as unknown as Pick<PrebookingDependencies, 'boxClock' | 'config'>;

const shift = (value: BoxClockEstimate | null, d = deps()) => boxClockLeadShiftMs(d, { availableAtMs: AVAILABLE, fireAtMs: AVAILABLE, estimate: value, nowMs: NOW, leadMs: LEAD });

describe('boxClockLeadShiftMs', () => {
  it('moves the delivery earlier by as much as the release moves for a box clock ahead', () => {
    // Released at opening − (offset lo + latency − drift allowance) + margin: ~2 014 ms before our fire instant.
    expect(shift(estimate(2_000))).toBeCloseTo(2_000 - 4 + 20 - 0.5 - DEFAULT_BOX_CLOCK_POLICY.marginMs, 6);
  });

  it('leaves a box clock behind ours, no estimate, an untrusted one and a disabled box clock alone', () => {
    expect(shift(estimate(-2_000))).toBe(0);
    expect(shift(null)).toBe(0);
    expect(shift(estimate(2_000, { measuredAtMs: NOW - 3_600_000 }))).toBe(0);
    expect(shift(estimate(2_000, { offsetLoMs: 1_500, offsetHiMs: 2_500 }))).toBe(0);
    expect(shift(estimate(2_000), deps(false))).toBe(0);
  });

  it('never moves the delivery beyond the longest wait an execution may spend before firing', () => {
    // Box 60 s ahead: the delivery comes no earlier than maxWait − headroom before our fire instant.
    expect(shift(estimate(60_000)) + LEAD).toBeLessThanOrEqual(45_000 - 2_000);
  });
});
