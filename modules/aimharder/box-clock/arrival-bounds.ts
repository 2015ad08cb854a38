/**
 * Bounds on the *arrival offset* θ: the box-clock instant at which a request reaches AimHarder,
 * minus our clock's instant when we let it go. θ = (box clock − our clock) + one-way latency, and
 * θ is what a release needs: a request let go at t arrives at t + θ on the box clock. Measuring θ
 * directly means only the jitter of the inbound leg blurs it, not the whole round trip.
 *
 * Every bound here is a closed-open interval [lo, hi) in milliseconds; `hi` may be +Infinity.
 */
export interface ArrivalBounds {
  lo: number;
  hi: number;
}

export const UNBOUNDED: ArrivalBounds = { lo: -Infinity, hi: Infinity };

export interface DateProbe {
  /** Our clock when the probe was let go. */
  sentAtMs: number;
  /** Our clock when its answer was in. */
  receivedAtMs: number;
  /** The answer's `Date` header (box clock, whole seconds). */
  dateMs: number;
}

/**
 * What one probe proves. The server stamped `Date` at box instant b = sent + θ + p, where p is the
 * time it spent before writing the answer, so Date ≤ b < Date + 1 s. The upper bound holds as is.
 * For the lower bound, what this round trip took beyond the fastest one (`minRttMs`) went partly
 * into the inbound leg and the server, partly into the way back: half of it is allowed for, half
 * the round trip either side (a probe slowed on the way in more than on the way back can make the
 * lower bound a few ms too high; the release margin and the too-early retry cover that).
 */
export function boundsFromDateProbe(probe: DateProbe, minRttMs: number): ArrivalBounds {
  const rtt = Math.max(0, probe.receivedAtMs - probe.sentAtMs);
  const excess = Math.max(0, rtt - Math.min(minRttMs, rtt));
  return {
    lo: probe.dateMs - probe.sentAtMs - excess / 2,
    hi: probe.dateMs + 1000 - probe.sentAtMs,
  };
}

/**
 * What a booking answer proves. A request let go at `sentAtMs` arrived at sent + θ on the box
 * clock: a "too early" answer means that was before the opening (θ < opening − sent), any other
 * answer from the booking logic (booked, full, waitlisted, already booked) means it was not.
 */
export function boundsFromBookingAnswer(answer: { sentAtMs: number; openingBoxMs: number; tooEarly: boolean }): ArrivalBounds {
  const edge = answer.openingBoxMs - answer.sentAtMs;
  return answer.tooEarly ? { lo: -Infinity, hi: edge } : { lo: edge, hi: Infinity };
}

/** Both at once; `null` when they contradict each other (one of them is wrong). */
export function intersectBounds(a: ArrivalBounds, b: ArrivalBounds): ArrivalBounds | null {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  return lo < hi ? { lo, hi } : null;
}

export function boundsWidth(bounds: ArrivalBounds): number {
  return bounds.hi - bounds.lo;
}

/** Widened by `ms` on both sides (clock drift since it was measured). */
export function widenBounds(bounds: ArrivalBounds, ms: number): ArrivalBounds {
  return { lo: bounds.lo - ms, hi: bounds.hi + ms };
}
