import { describe, expect, it } from 'vitest';
import { planNextProbe } from './plan-next-probe';

describe('planNextProbe', () => {
  it('goes at once while the interval is a second or wider', () => {
    expect(planNextProbe({ lo: -Infinity, hi: Infinity }, 5_000)).toBe(5_001);
    expect(planNextProbe({ lo: 0, hi: 1_000 }, 5_000)).toBe(5_001);
  });

  it('aims so that the midpoint offset lands exactly on the next box second', () => {
    // Midpoint 2 230: sending at 7 770 lands on box second 10 000 if θ = 2 230.
    const sendAt = planNextProbe({ lo: 2_000, hi: 2_460 }, 7_000);
    expect(sendAt).toBe(7_770);
    expect((sendAt + 2_230) % 1_000).toBe(0);
  });

  it('never plans in the past', () => {
    expect(planNextProbe({ lo: 2_000, hi: 2_460 }, 7_770)).toBe(8_770);
  });
});
