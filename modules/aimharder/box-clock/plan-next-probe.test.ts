import { describe, expect, it } from 'vitest';
import { planNextProbe } from './plan-next-probe';

describe('planNextProbe', () => {
  it('goes at once while the interval is unbounded or two seconds wide', () => {
    expect(planNextProbe({ lo: -Infinity, hi: Infinity }, 5_000)).toBe(5_001);
    expect(planNextProbe({ lo: 0, hi: 2_000 }, 5_000)).toBe(5_001);
  });

  it('bisects the second-wide interval the first answer leaves, rather than spending a probe at once', () => {
    // First answer: θ in [−40, 975). Midpoint 467.5: sending at 5 532.5 lands on box second 6 000 if θ = 467.5.
    const sendAt = planNextProbe({ lo: -40, hi: 975 }, 5_000);
    expect(sendAt).toBe(5_532.5);
    expect(planNextProbe({ lo: 0, hi: 1_000 }, 5_000)).toBe(5_500);
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
