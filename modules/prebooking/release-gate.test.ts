import { describe, expect, it } from 'vitest';
import { createManualClock, type Clock } from '@/core/time/clock';
import { releaseGate } from './release-gate';

describe('releaseGate', () => {
  it('lets every request of one instant go in the same microtask checkpoint, on one shared wait', async () => {
    const manual = createManualClock(1_000);
    let waits = 0;
    const clock: Clock = { now: manual.now, sleepUntil: (atMs) => ((waits += 1), manual.sleepUntil(atMs)) };
    const released: string[] = [];
    // Plans of one opening differ by fractions of a millisecond.
    const held = ['a', 'b', 'c'].map((name, index) => releaseGate(clock, 1_500 + index * 0.2).then(() => released.push(name)));
    const other = releaseGate(clock, 1_600).then(() => released.push('later'));
    expect(waits).toBe(2);
    manual.set(1_500);
    // One macrotask later every request of the instant has gone, none of the later one.
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toEqual(['a', 'b', 'c']);
    manual.set(1_600);
    await Promise.all([...held, other]);
    expect(released).toEqual(['a', 'b', 'c', 'later']);
    // Over: the next wait for that instant is a new one.
    void releaseGate(clock, 1_500);
    expect(waits).toBe(3);
  });
});
