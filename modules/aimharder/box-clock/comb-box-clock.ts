import type { Clock } from '@/core/time/clock';
import { boundsWidth, type ArrivalBounds } from './arrival-bounds';
import { estimateFromArrivalBounds, type BoxClockEstimate } from './box-clock-estimate';
import { parseDateHeader } from './date-header';
import { combine, type DateProbeRequest } from './measure-box-clock';

export interface CombOptions {
  host: string;
  clock: Clock;
  probe: DateProbeRequest;
  /** Where the arrival offset is expected (a stored estimate's bounds): the comb is centred on their midpoint. */
  around: ArrivalBounds;
  /** Probes in the comb. */
  teeth?: number;
  /** Between two teeth (ms): the resolution the comb measures to, inbound jitter aside. */
  spacingMs?: number;
  /** Every answer is expected by this instant (our clock), or the comb is not cast; answers later than it are not used. */
  deadlineMs: number;
  /** Time allowed for the last tooth's answer when choosing the boundary (ms). */
  answerAllowanceMs?: number;
  /**
   * The fastest round trip seen on this host before (twice the stored latency). The teeth go out
   * within ~100 ms and may all be slowed together (a busy box, a busy machine): measured against
   * their own fastest, the crossing would put θ too high and release too early. Against this one,
   * their excess widens the lower bound instead.
   */
  fastestRttMs?: number;
  /** Samples of the estimate it refines (counted on). */
  samples?: number;
  /** Planned already (planComb with the same options): cast as planned. */
  plan?: CombPlan;
}

export type CombResult =
  | { ok: true; estimate: BoxClockEstimate; boundaryBoxMs: number; teeth: number; answered: number }
  | { ok: false; reason: 'no_time' | 'no_crossing' | 'inconsistent'; teeth: number; answered: number };

/** Planned but not cast: where, and when it will be done. */
export interface CombPlan {
  boundaryBoxMs: number;
  /** Our clock: the teeth, first to last. */
  sendAtMs: number[];
}

export const DEFAULT_COMB_TEETH = 21;
export const DEFAULT_COMB_SPACING_MS = 5;
const DEFAULT_ANSWER_ALLOWANCE_MS = 250;

/**
 * The teeth's instants for the *latest* box-second boundary whose comb is answered by the deadline
 * (the freshest measurement the deadline allows), or null when even the next boundary is too late.
 * Tooth i leaves at boundary − mid + (i − (n−1)/2)·spacing: if θ were the midpoint, the middle tooth
 * would land on the boundary itself.
 */
export function planComb(input: { around: ArrivalBounds; nowMs: number; deadlineMs: number; teeth: number; spacingMs: number; answerAllowanceMs: number }): CombPlan | null {
  const { around, nowMs, deadlineMs, teeth, spacingMs, answerAllowanceMs } = input;
  if (!Number.isFinite(around.lo) || !Number.isFinite(around.hi) || teeth < 2 || spacingMs <= 0) return null;
  const mid = (around.lo + around.hi) / 2;
  const half = ((teeth - 1) / 2) * spacingMs;
  // Latest boundary B with B − mid + half + allowance ≤ deadline; earliest with B − mid − half ≥ now + 1.
  const latest = Math.floor((deadlineMs - answerAllowanceMs - half + mid) / 1000) * 1000;
  const earliest = Math.ceil((nowMs + 1 + half + mid) / 1000) * 1000;
  if (latest < earliest) return null;
  const first = latest - mid - half;
  return { boundaryBoxMs: latest, sendAtMs: Array.from({ length: teeth }, (_, index) => first + index * spacingMs) };
}

/**
 * A "comb" of `Date` probes sent a few ms apart across ONE box-second boundary: the teeth that
 * land before it answer with the second before, the others with the boundary's second, and the
 * crossing pins the arrival offset θ to about one spacing (plus the inbound jitter), after a
 * single boundary wait. Bisection would need one boundary — a second — per halving. It is what a
 * lead has time for, so a drifting box clock is measured again just before the opening.
 * Needs a rough θ already (`around`): a comb that does not cross the boundary (θ moved further
 * than half its span) or answers with other seconds gives no estimate. Never throws.
 */
export async function combBoxClock(options: CombOptions): Promise<CombResult> {
  const { clock, probe } = options;
  const teeth = options.teeth ?? DEFAULT_COMB_TEETH;
  const spacingMs = options.spacingMs ?? DEFAULT_COMB_SPACING_MS;
  const plan = options.plan ?? planComb({ around: options.around, nowMs: clock.now(), deadlineMs: options.deadlineMs, teeth, spacingMs, answerAllowanceMs: options.answerAllowanceMs ?? DEFAULT_ANSWER_ALLOWANCE_MS });
  if (!plan) return { ok: false, reason: 'no_time', teeth: 0, answered: 0 };

  const answers: Array<Promise<{ sentAtMs: number; receivedAtMs: number; dateMs: number } | null>> = [];
  for (const sendAt of plan.sendAtMs) {
    await clock.sleepUntil(sendAt);
    const sentAtMs = clock.now();
    answers.push(
      probe().then(
        (header) => {
          const dateMs = parseDateHeader(header);
          return dateMs === null ? null : { sentAtMs, receivedAtMs: clock.now(), dateMs };
        },
        () => null,
      ),
    );
  }
  // Each probe times out on its own; an answer in after the deadline is not used. The caller races
  // the whole comb against its release (a release never waits for a tooth).
  const probes = (await Promise.all(answers)).filter((entry): entry is NonNullable<typeof entry> => entry !== null && entry.receivedAtMs <= options.deadlineMs);
  const answered = probes.length;
  const before = probes.filter((entry) => entry.dateMs === plan.boundaryBoxMs - 1000).length;
  const after = probes.filter((entry) => entry.dateMs === plan.boundaryBoxMs).length;
  if (before + after !== answered) return { ok: false, reason: 'inconsistent', teeth, answered };
  if (before === 0 || after === 0) return { ok: false, reason: 'no_crossing', teeth, answered };
  const bounds = combine(probes, null, options.fastestRttMs);
  // A comb's teeth disagree by more than its span only when something rewrote `Date` or stepped a clock.
  if (!bounds || boundsWidth(bounds) > teeth * spacingMs) return { ok: false, reason: 'inconsistent', teeth, answered };
  const minRtt = Math.min(options.fastestRttMs ?? Infinity, ...probes.map((entry) => entry.receivedAtMs - entry.sentAtMs));
  const estimate = estimateFromArrivalBounds(options.host, bounds, minRtt / 2, clock.now(), (options.samples ?? 0) + answered, 'probe');
  return { ok: true, estimate, boundaryBoxMs: plan.boundaryBoxMs, teeth, answered };
}
