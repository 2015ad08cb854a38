import type { Clock } from '@/core/time/clock';

/** Coarse real-time steps; short so that a manual clock moved by a test is noticed promptly. */
const POLL_MS = 250;
/** Below this we hand over to `clock.sleepUntil`, which is exact (spins for the last ms). */
const FINE_MS = 30;

/**
 * Waits until the box's clock (`clock.now() + skew`) reaches `target()` (re-read on every step). Unlike a bare
 * `clock.sleepUntil`, long waits use unref'd, cancellable timers so a stopped simulator never
 * keeps the process alive, and a changed skew is picked up on the way. Resolves false if aborted.
 */
export async function waitUntilServerTime(clock: Clock, getSkewMs: () => number, target: () => number, signal: AbortSignal): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const targetMs = target();
    const remaining = targetMs - (clock.now() + getSkewMs());
    if (remaining <= 0) return true;
    if (remaining > FINE_MS) {
      await cancellableDelay(Math.min(remaining - FINE_MS / 2, POLL_MS), signal);
      continue;
    }
    await clock.sleepUntil(targetMs - getSkewMs(), signal).catch(() => undefined);
  }
}

function cancellableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
