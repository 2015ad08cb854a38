import { assessEstimate, type BoxRef } from '@/modules/aimharder';
import { findBox } from '@/modules/members';
import type { Prebooking } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { loadLeadShiftMs } from './box-clock-schedule';
import { loadBoxClock, refreshBoxClock } from './box-clock.service';
import { appendEvent, findPrebooking, listEvents, swapArmedMessage } from './prebooking.repository';
import { planPrebookingDelivery, publishPrebookingMessage } from './publish-prebooking';

/**
 * A box clock ahead of ours by less than this leaves the message where it is: the lead (3 s by
 * default) absorbs it, and QStash's delivery instants are whole seconds anyway.
 */
export const REARM_TOLERANCE_MS = 500;
/** An estimate measured this recently (by another prebooking's pre-flight, the sweep) is not measured again. */
const FRESH_ENOUGH_MS = 2 * 60_000;
/** The pre-flight's measurement never runs longer than this (it answers a QStash delivery). */
const PREFLIGHT_MEASURE_BUDGET_MS = 15_000;

export interface BoxClockRearm {
  rearmed: boolean;
  shiftMs: number;
  messageId: string | null;
}

/**
 * Moves a waiting prebooking's QStash message earlier when the box's clock is ahead of ours by more
 * than the tolerance (the message was armed by our clock, or by an older estimate): a new message
 * at (release instant by the box clock − lead), swapped in only while the row still waits with the
 * old one, then the old one cancelled. The timeline holds the delivery second armed last (creation's
 * `scheduled`, or `rearmed`), so re-arming for an unchanged estimate publishes nothing. A box clock
 * behind ours is left alone (an early delivery only waits). Never throws.
 */
export async function rearmByBoxClock(deps: PrebookingDependencies, prebooking: Prebooking, by: 'preflight' | 'sweep'): Promise<BoxClockRearm> {
  let current: Prebooking | null = prebooking;
  const published = new Set<string>();
  let result: BoxClockRearm | 'moved' = 'moved';
  // The pre-flight and the sweep may re-arm the same prebooking at once: the loser reads it again
  // (and, publishing for the same second, gets the winner's message back from the deduplication).
  for (let attempt = 0; attempt < 3 && current && result === 'moved'; attempt += 1) {
    result = await rearmOnce(deps, current, by, published);
    if (result === 'moved') current = await findPrebooking(deps.db, prebooking.id).catch(() => null);
  }
  // A message of ours that did not become the armed one would only be ignored on delivery.
  const armed = result === 'moved' ? (current?.qstashMessageId ?? null) : result.messageId;
  for (const messageId of published) if (messageId !== armed) await deps.publisher.cancelMessage(messageId).catch(() => undefined);
  return result === 'moved' ? { rearmed: false, shiftMs: 0, messageId: armed } : result;
}

async function rearmOnce(deps: PrebookingDependencies, prebooking: Prebooking, by: 'preflight' | 'sweep', published: Set<string>): Promise<BoxClockRearm | 'moved'> {
  const none: BoxClockRearm = { rearmed: false, shiftMs: 0, messageId: prebooking.qstashMessageId };
  // Not armed yet (armed scheduling: the sweep arms it, shifted), or already on its way.
  if (prebooking.status !== 'scheduled' || !prebooking.qstashMessageId || prebooking.deliveredAt !== null || prebooking.fireCommittedAt !== null) return none;
  const previousMessageId = prebooking.qstashMessageId;
  try {
    // Cheap first (the box and its estimate): most boxes keep time, and the sweep asks for each prebooking.
    const uncappedShiftMs = await loadLeadShiftMs(deps, prebooking, deps.config.leadMs);
    if (uncappedShiftMs < REARM_TOLERANCE_MS) return { ...none, shiftMs: uncappedShiftMs };
    const planned = await planPrebookingDelivery(deps, prebooking);
    const shiftMs = planned.boxClockShiftMs;
    if (shiftMs < REARM_TOLERANCE_MS) return { ...none, shiftMs };
    const notBeforeSecond = Math.floor(planned.notBeforeMs / 1000);
    // Already re-armed for this very second (an unchanged estimate): nothing to publish.
    const last = await lastRearmOf(deps, prebooking.id);
    if (last?.messageId === previousMessageId && last.notBeforeSecond === notBeforeSecond) return { ...none, shiftMs };
    // The id names the message it replaces: a deduplicated publish then only ever returns a message
    // of this very re-arm (the one a concurrent re-arm made), never one cancelled since.
    const messageId = await publishPrebookingMessage(deps, prebooking, `-p${previousMessageId}`, planned);
    if (messageId === previousMessageId) return { ...none, shiftMs };
    published.add(messageId);
    // Moved meanwhile (delivered, retimed, cancelled, re-armed by someone else): read it again.
    if (!(await swapArmedMessage(deps.db, prebooking, messageId))) return 'moved';
    await deps.publisher.cancelMessage(previousMessageId).catch((error: unknown) =>
      deps.logger.warn('could not cancel the message armed by our clock', { prebookingId: prebooking.id, messageId: previousMessageId, error: String(error) }),
    );
    await appendEvent(deps.db, prebooking.id, 'rearmed', { reason: 'box_clock_ahead', by, shiftMs: Math.round(shiftMs), notBefore: new Date(notBeforeSecond * 1000).toISOString(), messageId, previousMessageId });
    deps.logger.info('prebooking re-armed by the box clock', { prebookingId: prebooking.id, shiftMs: Math.round(shiftMs), by });
    return { rearmed: true, shiftMs, messageId };
  } catch (error) {
    deps.logger.warn('re-arm by the box clock failed: the armed message stays', { prebookingId: prebooking.id, error: String(error) });
    return none;
  }
}

/** The message armed last (at creation, or by a re-arm by the box clock) and its delivery second, from the timeline. */
async function lastRearmOf(deps: PrebookingDependencies, prebookingId: string): Promise<{ messageId: unknown; notBeforeSecond: number } | null> {
  const events = await listEvents(deps.db, prebookingId);
  const last = events.filter((event) => event.type === 'scheduled' || (event.type === 'rearmed' && event.detail.reason === 'box_clock_ahead')).at(-1);
  const notBeforeMs = last ? Date.parse(String(last.detail.notBefore)) : Number.NaN;
  return last && Number.isFinite(notBeforeMs) ? { messageId: last.detail.messageId, notBeforeSecond: Math.floor(notBeforeMs / 1000) } : null;
}

/**
 * The pre-flight's part (issue 16): measure the clock of the prebooking's box host again unless an
 * estimate from the last minutes exists. Never throws and stores nothing on failure (the old
 * estimate ages out and widens). Run it beside the pre-flight's AimHarder checks; re-arm after.
 */
export async function measureBoxClockBeforeFire(deps: PrebookingDependencies, prebooking: Prebooking): Promise<{ measured: boolean; skipped: boolean }> {
  if (!deps.boxClock?.enabled) return { measured: false, skipped: true };
  try {
    const box = await findBox(deps.db, prebooking.boxId);
    if (!box) return { measured: false, skipped: true };
    const ref: BoxRef = { boxId: box.boxId, subdomain: box.subdomain };
    const stored = await loadBoxClock(deps, ref);
    const nowMs = deps.clock.now();
    if (stored && assessEstimate(stored, nowMs, deps.boxClock.policy).usable && nowMs - stored.measuredAtMs < FRESH_ENOUGH_MS) return { measured: false, skipped: true };
    // Back well before the delivery could come, even for a box clock far ahead.
    const deadlineMs = Math.min(nowMs + PREFLIGHT_MEASURE_BUDGET_MS, Date.parse(prebooking.fireAt) - deps.config.maxWaitMs);
    const fresh = await refreshBoxClock(deps, ref, { current: stored, deadlineMs, store: true });
    return { measured: fresh !== null, skipped: false };
  } catch (error) {
    deps.logger.warn('box clock not measured before the fire', { prebookingId: prebooking.id, error: String(error) });
    return { measured: false, skipped: false };
  }
}

/** After the pre-flight's checks (which may have retimed it): the prebooking as it is now, re-armed by the box clock if needed. */
export async function rearmAfterPreflight(deps: PrebookingDependencies, prebookingId: string): Promise<BoxClockRearm | null> {
  const current = await findPrebooking(deps.db, prebookingId).catch(() => null);
  return current ? rearmByBoxClock(deps, current, 'preflight') : null;
}
