import { describe, expect, test } from 'vitest';
import { axisTicks } from './axis-ticks';

describe('histogram y-axis ticks', () => {
  test('whole and evenly spaced (a maximum of 3 read "0, 2, 3")', () => {
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(5)).toEqual([0, 2, 4, 6]);
    expect(axisTicks(1)).toEqual([0, 1]);
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(17)).toEqual([0, 5, 10, 15, 20]);
    expect(axisTicks(230)).toEqual([0, 100, 200, 300]);
  });
  test('every step is the same and the last tick covers the maximum', () => {
    for (const max of [2, 7, 9, 11, 42, 99, 1234]) {
      const ticks = axisTicks(max);
      const steps = new Set(ticks.slice(1).map((tick, index) => tick - ticks[index]!));
      expect(steps.size, `max ${max}: ${ticks.join(', ')}`).toBe(1);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });
});
