import { boundsWidth, type ArrivalBounds } from './arrival-bounds';

/**
 * When to let the next `Date` probe go so that it bisects the arrival-offset interval: at t with
 * t + mid on a whole box second, the answer's `Date` says on which side of that second the probe
 * landed, i.e. whether θ ≥ mid or θ < mid. That holds for any finite interval under two seconds
 * (θ is then within a second of mid either way), so the second probe — the first answer leaves a
 * second and a few ms — already bisects instead of going at once: at ~1 s a probe, the sweep's
 * budget was often spent before the interval was narrow, and a wide interval releases late.
 * Unbounded or two seconds wide: any instant does, the first answer narrows it to about a second.
 */
export function planNextProbe(bounds: ArrivalBounds, nowMs: number, minLeadMs = 1): number {
  const earliest = nowMs + minLeadMs;
  if (!Number.isFinite(bounds.lo) || !Number.isFinite(bounds.hi) || boundsWidth(bounds) >= 2000) return earliest;
  return planProbeAt((bounds.lo + bounds.hi) / 2, nowMs, minLeadMs);
}

/**
 * When to let a probe go so that, if the arrival offset were `offsetMs`, it would land exactly on a
 * box second: its `Date` then says whether θ ≥ offsetMs (that second) or θ < offsetMs (the one before).
 */
export function planProbeAt(offsetMs: number, nowMs: number, minLeadMs = 1): number {
  // The first t ≥ now + minLead with (t + offset) a multiple of 1000.
  const boxSecond = Math.ceil((nowMs + minLeadMs + offsetMs) / 1000) * 1000;
  return boxSecond - offsetMs;
}
