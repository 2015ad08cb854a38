import { describe, expect, it } from 'vitest';
import { DEFAULT_BOX_CLOCK_POLICY, type BoxClockEstimate } from '@/modules/aimharder';
import { planRelease } from './release-plan';

const AVAILABLE = Date.UTC(2026, 11, 7, 17, 0, 0);
const NOW = AVAILABLE - 3_000;

function estimate(overrides: Partial<BoxClockEstimate> = {}): BoxClockEstimate {
  return { host: 'box.aimharder.com', offsetLoMs: 1_996, offsetHiMs: 2_004, latencyMs: 20, measuredAtMs: NOW - 60_000, samples: 9, source: 'probe', ...overrides };
}

describe('planRelease', () => {
  it('releases by arrival with a trusted estimate, keeping the same-class spacing', () => {
    const plan = planRelease({ availableAtMs: AVAILABLE, fireAtMs: AVAILABLE + 3, estimate: estimate(), nowMs: NOW, policy: DEFAULT_BOX_CLOCK_POLICY, enabled: true });
    expect(plan.mode).toBe('box_clock');
    // opening − (offset lo + latency − 1 min of drift allowance) + 2 ms margin + 3 ms spacing
    expect(plan.releaseAtMs).toBeCloseTo(AVAILABLE - (1_996 + 20 - 0.5) + 2 + 3, 6);
    expect(plan.detail).toMatchObject({ mode: 'box_clock', offsetMs: 2_000, uncertaintyMs: 4.5, latencyMs: 20, ageMs: 60_000, marginMs: 2 });
  });

  it('falls back to the fire instant, saying why, and keeps old bounds for the retry', () => {
    const stale = planRelease({ availableAtMs: AVAILABLE, fireAtMs: AVAILABLE, estimate: estimate({ measuredAtMs: NOW - 3_600_000 }), nowMs: NOW, policy: DEFAULT_BOX_CLOCK_POLICY, enabled: true });
    expect(stale).toMatchObject({ mode: 'own_clock', releaseAtMs: AVAILABLE, reason: 'stale', detail: { mode: 'own_clock', reason: 'stale', ageMs: 3_600_000 } });
    expect(stale.bounds!.lo).toBeLessThan(2_016);
    const none = planRelease({ availableAtMs: AVAILABLE, fireAtMs: AVAILABLE, estimate: null, nowMs: NOW, policy: DEFAULT_BOX_CLOCK_POLICY, enabled: true });
    expect(none).toMatchObject({ mode: 'own_clock', releaseAtMs: AVAILABLE, reason: 'missing', bounds: null });
    const wide = planRelease({ availableAtMs: AVAILABLE, fireAtMs: AVAILABLE, estimate: estimate({ offsetLoMs: 1_500, offsetHiMs: 2_500 }), nowMs: NOW, policy: DEFAULT_BOX_CLOCK_POLICY, enabled: true });
    expect(wide).toMatchObject({ mode: 'own_clock', reason: 'too_wide' });
    const off = planRelease({ availableAtMs: AVAILABLE, fireAtMs: AVAILABLE, estimate: estimate(), nowMs: NOW, policy: DEFAULT_BOX_CLOCK_POLICY, enabled: false });
    expect(off).toMatchObject({ mode: 'own_clock', reason: 'disabled', releaseAtMs: AVAILABLE });
  });
});
