import { describe, expect, it } from 'vitest';
import { DueQueue } from './due-queue';

describe('DueQueue', () => {
  it('hands out entries in due order, never before their instant, and close to it', async () => {
    const fired: Array<{ item: string; at: number; firedAt: number }> = [];
    const due = new Map<string, number>();
    let resolveDone: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    const queue = new DueQueue<string>({ now: () => Date.now() }, (items) => {
      for (const item of items) fired.push({ item, at: due.get(item)!, firedAt: Date.now() });
      if (fired.length === 5) resolveDone();
    });
    const start = Date.now();
    for (const [item, offset] of [['c', 120], ['a', 40], ['e', 200], ['b', 80], ['d', 160]] as const) {
      due.set(item, start + offset);
      queue.push(start + offset, item);
    }
    await done;
    queue.stop();
    expect(fired.map((entry) => entry.item)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const entry of fired) {
      expect(entry.firedAt).toBeGreaterThanOrEqual(entry.at);
      // Generous bound: this runs beside other test files on a loaded machine.
      expect(entry.firedAt - entry.at).toBeLessThan(50);
    }
  });

  it('never calls back synchronously from push, even for an overdue entry, and keeps FIFO for ties', async () => {
    const order: string[] = [];
    const queue = new DueQueue<string>({ now: () => 1_000 }, (items) => order.push(...items));
    queue.push(500, 'first');
    queue.push(500, 'second');
    expect(order).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['first', 'second']);
    queue.stop();
  });

  it('drops entries on rebuild', async () => {
    const order: string[] = [];
    const queue = new DueQueue<string>({ now: () => Date.now() }, (items) => order.push(...items));
    queue.push(Date.now() + 30, 'keep');
    queue.push(Date.now() + 20, 'drop');
    queue.rebuild((item) => item === 'keep');
    expect(queue.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(order).toEqual(['keep']);
    queue.stop();
  });
});
