/**
 * Time source for everything that must be exact around an opening instant.
 *
 * `now()` is wall-clock epoch milliseconds with sub-millisecond resolution (derived from the
 * monotonic `performance` clock, so it never jumps backwards within a process). `sleepUntil`
 * waits on that monotonic clock: a coarse timer first, then a short spin on `setImmediate` for the
 * last milliseconds, because `setTimeout` alone routinely oversleeps by 1–4 ms.
 */
export interface Clock {
  now(): number;
  sleepUntil(epochMs: number, signal?: AbortSignal): Promise<void>;
}

/** How long before the target we stop trusting `setTimeout` and start yielding in a tight loop. */
const SPIN_WINDOW_MS = 4;

function monotonicEpochNow(): number {
  return performance.timeOrigin + performance.now();
}

async function sleepUntilWith(now: () => number, epochMs: number, signal?: AbortSignal): Promise<void> {
  for (;;) {
    if (signal?.aborted) throw signal.reason ?? new Error('sleep aborted');
    const remaining = epochMs - now();
    if (remaining <= 0) return;
    if (remaining > SPIN_WINDOW_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, remaining - SPIN_WINDOW_MS));
    } else {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** The real clock. */
export const systemClock: Clock = {
  now: monotonicEpochNow,
  sleepUntil: (epochMs, signal) => sleepUntilWith(monotonicEpochNow, epochMs, signal),
};

/**
 * A real-time clock shifted by a fixed offset: used to model a machine whose clock is ahead
 * (positive) or behind (negative) the true time, e.g. the simulator's clock-skew setting.
 */
export function createSkewedClock(getOffsetMs: () => number, base: Clock = systemClock): Clock {
  const now = () => base.now() + getOffsetMs();
  return {
    now,
    // Sleeping until a skewed instant means sleeping until the true instant minus the offset.
    sleepUntil: (epochMs, signal) => base.sleepUntil(epochMs - getOffsetMs(), signal),
  };
}

/** A clock tests move by hand; `sleepUntil` resolves as soon as `advance`/`set` passes the target. */
export interface ManualClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

export function createManualClock(startEpochMs: number): ManualClock {
  let current = startEpochMs;
  const waiters = new Set<{ at: number; resolve: () => void }>();
  const release = () => {
    for (const waiter of waiters) {
      if (waiter.at <= current) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };
  return {
    now: () => current,
    sleepUntil: (epochMs) =>
      epochMs <= current
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.add({ at: epochMs, resolve });
          }),
    set(epochMs) {
      current = epochMs;
      release();
    },
    advance(ms) {
      current += ms;
      release();
    },
  };
}
