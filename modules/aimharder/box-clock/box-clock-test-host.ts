import type { Clock } from '@/core/time/clock';

/** A clock that jumps to whatever instant is awaited; the host moves it as its requests take time. */
function createJumpingClock(startMs: number) {
  let now = startMs;
  const clock: Clock = {
    now: () => now,
    sleepUntil: async (epochMs) => {
      if (epochMs > now) now = epochMs;
    },
  };
  return { clock, set: (epochMs: number) => (now = epochMs), advance: (ms: number) => (now += ms) };
}

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
  const { clock, advance } = createJumpingClock(options.startMs);
  const pick = (value: number | (() => number)) => (typeof value === 'function' ? value() : value);
  let requests = 0;
  const probe = async (): Promise<string | null> => {
    requests += 1;
    const boxMs = advance(pick(options.inboundMs) + (options.serverMs ?? 0)) + options.offsetMs;
    advance(pick(options.outboundMs));
    return options.date ? options.date(boxMs) : new Date(Math.floor(boxMs / 1000) * 1000).toUTCString();
  };
  return { clock, probe, requests: () => requests, advance };
}

/**
 * A virtual host whose answers overlap, as a comb's do: each probe is stamped at its send instant
 * + θ (+ that tooth's inbound jitter) on the box clock, and answered after `rttMs`. The virtual
 * clock jumps to each awaited instant; every answer comes in a later macrotask, once all teeth are
 * out, and sets the clock to its own arrival (teeth overlap, so virtual time may step back).
 */
export function createCombTestHost(options: {
  startMs: number;
  thetaMs: number | ((sentAtMs: number) => number);
  rttMs: number;
  inboundJitter?: (index: number) => number;
  date?: (boxMs: number) => string | null;
}) {
  const { clock, set } = createJumpingClock(options.startMs);
  const sent: number[] = [];
  const probe = () => {
    const index = sent.length;
    const sentAt = clock.now();
    sent.push(sentAt);
    const theta = typeof options.thetaMs === 'function' ? options.thetaMs(sentAt) : options.thetaMs;
    const boxMs = sentAt + theta + (options.inboundJitter?.(index) ?? 0);
    return new Promise<string | null>((resolve) =>
      setTimeout(() => {
        set(sentAt + options.rttMs);
        resolve(options.date ? options.date(boxMs) : new Date(Math.floor(boxMs / 1000) * 1000).toUTCString());
      }, 0),
    );
  };
  return { clock, probe, sent };
}
