import type { Clock } from '@/core/time/clock';

/**
 * A virtual host for the estimator's unit tests: a clock that jumps to whatever instant is awaited,
 * and a server whose clock runs `offsetMs` ahead of ours, reached over `inboundMs` and answering
 * over `outboundMs` (numbers or per-request functions), with a 1-second `Date` header.
 */
export function createTestHost(options: {
  startMs: number;
  offsetMs: number;
  inboundMs: number | (() => number);
  outboundMs: number | (() => number);
  serverMs?: number;
  date?: (boxMs: number) => string | null;
}) {
  let now = options.startMs;
  const clock: Clock = {
    now: () => now,
    sleepUntil: async (epochMs) => {
      if (epochMs > now) now = epochMs;
    },
  };
  const pick = (value: number | (() => number)) => (typeof value === 'function' ? value() : value);
  let requests = 0;
  const probe = async (): Promise<string | null> => {
    requests += 1;
    now += pick(options.inboundMs) + (options.serverMs ?? 0);
    const boxMs = now + options.offsetMs;
    now += pick(options.outboundMs);
    return options.date ? options.date(boxMs) : new Date(Math.floor(boxMs / 1000) * 1000).toUTCString();
  };
  return { clock, probe, requests: () => requests, advance: (ms: number) => (now += ms) };
}
