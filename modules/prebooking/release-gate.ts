import type { Clock } from '@/core/time/clock';

/** One wait per release instant in this process, shared by every held request let go at it. */
const gates = new Map<number, Promise<void>>();

/**
 * Resolves at `atMs` (to the millisecond) like `clock.sleepUntil`, but every caller of the same instant shares one
 * wait: when it ends, all their continuations (the last byte of each held request) run in the same
 * microtask checkpoint, one after the other, with no turn of the event loop between them. Thirty
 * separate waits each spin on `setImmediate` and resume in separate turns; on a busy machine a
 * garbage collection or a preemption between two turns let half of the requests of an opening go
 * 20 ms after the others.
 */
export function releaseGate(clock: Clock, atMs: number): Promise<void> {
  // Plans of one opening differ by fractions of a ms (each ages the estimate at its own `now`): one
  // gate per whole millisecond.
  const key = Math.round(atMs);
  const existing = gates.get(key);
  if (existing) return existing;
  const gate = clock.sleepUntil(key).finally(() => gates.delete(key));
  gates.set(key, gate);
  return gate;
}
