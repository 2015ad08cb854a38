import { AppError } from '@/core/http/app-error';
import { classStartInstant, computeOpeningInstant } from '@/modules/aimharder';
import { findBox, type Member } from '@/modules/members';
import { findPrebooking, retimePrebooking } from '@/modules/prebooking';
import type { PreflightDependencies } from './preflight-dependencies';
import { findPreflight, savePreflight } from './preflight.repository';
import { stateOf, type Preflight, type PreflightAction } from './preflight.schema';
import { runPreflight } from './run-preflight.service';

/** A "move" lands at least this far ahead, so that a delivery can still reach the opening. */
const MOVE_MIN_LEAD_MS = 5_000;

/**
 * The member's one-tap fixes of a pre-flight finding: "check again" (after signing in again, or
 * cancelling an overlapping booking in AimHarder) and "move" to the class's new time, which
 * re-arms the prebooking for the new opening and checks again. Cancelling is the prebooking's own
 * cancel. Someone else's prebooking is "not found".
 */
export async function applyPreflightAction(deps: PreflightDependencies, actor: Member, prebookingId: string, action: PreflightAction): Promise<Preflight | null> {
  const prebooking = await findPrebooking(deps.db, prebookingId);
  if (!prebooking || (prebooking.memberId !== actor.id && actor.role !== 'admin')) {
    throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  }
  if (prebooking.status !== 'scheduled') {
    throw new AppError({ code: 'conflict', reason: 'not_waiting', message: `Prebooking ${prebookingId} is ${prebooking.status}: there is nothing to check or move any more.` });
  }
  const trigger = prebooking.memberId === actor.id ? 'member' : 'admin';

  if (action === 'move') {
    const preflight = await findPreflight(deps.db, prebooking.id);
    const moved = preflight?.findings.find((finding) => finding.code === 'class_moved');
    if (!preflight || !moved) throw new AppError({ code: 'conflict', reason: 'nothing_to_move', message: 'The last pre-flight check found no new time for this class: nothing to move.' });
    const box = await findBox(deps.db, prebooking.boxId);
    if (!box) throw new AppError({ code: 'not_found', message: `Box ${prebooking.boxId} is unknown.` });
    const classStartTime = String(moved.detail.to);
    const classId = String(moved.detail.classId);
    const classStartsAt = classStartInstant(prebooking.classDay, classStartTime, box.timeZone);
    const nowMs = deps.clock.now();
    if (classStartsAt.getTime() <= nowMs) throw new AppError({ code: 'unprocessable', reason: 'class_started', message: `The class at ${classStartTime} has already started.` });
    const shiftMs = classStartsAt.getTime() - new Date(prebooking.classStartsAt).getTime();
    const opening = box.bookingWindowRule
      ? computeOpeningInstant(box.bookingWindowRule, prebooking.classDay, classStartTime, box.timeZone).getTime()
      : new Date(prebooking.availableAt).getTime() + shiftMs;
    const retimed = await retimePrebooking(deps, prebooking, {
      classId,
      classStartTime,
      classStartsAt,
      availableAt: new Date(Math.max(opening, nowMs + MOVE_MIN_LEAD_MS)),
      reason: 'class_moved',
      by: 'member',
    });
    if (!retimed) throw new AppError({ code: 'conflict', reason: 'changed_meanwhile', message: 'This prebooking changed meanwhile (it may be firing). Reload and try again.' });
    // The move fixed the finding. The check below records afresh, but it does not run when the
    // new instant is within a minute (a class moved earlier, already open: it fires in seconds);
    // the card must not keep telling the member to move what has moved. The record keeps the
    // instant it checked: stamped with the new one, the QStash check that the move scheduled for
    // it would take it as done, and skip it whenever the check below cannot run.
    const remaining = preflight.findings.filter((finding) => finding.code !== 'class_moved');
    await savePreflight(deps.db, { ...preflight, state: stateOf(remaining), findings: remaining });
  }

  const result = await runPreflight(deps, { prebookingId: prebooking.id, fireAt: prebooking.fireAt }, trigger);
  if (result.kind === 'retry') {
    // The move itself is done (asking again would find nothing to move); its check runs again by
    // itself through QStash. Only a plain "check again" is the member's to repeat.
    if (action === 'move') return findPreflight(deps.db, prebooking.id);
    throw new AppError({ code: 'upstream_unavailable', message: `${result.detail} Try again in a moment.` });
  }
  return result.preflight ?? (await findPreflight(deps.db, prebooking.id));
}
