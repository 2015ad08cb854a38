import { AppError } from '@/core/http/app-error';
import { AimHarderLoginError, computeOpeningInstant, type AimHarderClient, type AimHarderClassSlot } from '@/modules/aimharder';
import { findBox, findMemberById, type Box } from '@/modules/members';
import { getNotificationDependencies, getNotificationSettings } from '@/modules/notifications';
import { findPrebooking, measureBoxClockBeforeFire, rearmAfterPreflight, recordPrebookingEvent, retimePrebooking, wantsPreflight, type Prebooking } from '@/modules/prebooking';
import { evaluateClassFindings } from './evaluate-class-findings';
import type { PreflightDependencies, PreflightWarning } from './preflight-dependencies';
import { composePreflightEmail } from './preflight-email';
import { findPreflight, findRecentPasswordFinding, markNotified, savePreflight } from './preflight.repository';
import { notificationKeyOf, stateOf, type Preflight, type PreflightFinding, type PreflightPayload } from './preflight.schema';

export type PreflightTrigger = 'qstash' | 'member' | 'admin';

/** `done` → 200 (checked, or nothing to do and why); `retry` → 503, QStash delivers again. */
export type PreflightResult = { kind: 'done'; status: 'checked' | 'duplicate' | 'stale' | 'not_waiting' | 'too_close'; preflight: Preflight | null; detail: string } | { kind: 'retry'; detail: string };

/** An opening that moves by less than this is the same instant (the rule has minute resolution). */
const SAME_INSTANT_MS = 1_000;
/** A refused password found this recently for the member is reused rather than tried again. */
const PASSWORD_FINDING_REUSE_MS = 15 * 60_000;

class TransientPreflightFailure extends Error {}

/**
 * The pre-flight check of one prebooking, some minutes before its fire instant: signs in with the
 * stored credentials (storing the refreshed session), reads the class's day from AimHarder and the
 * box's opening rule, and records what it found on the prebooking, with an event on its timeline.
 * It fixes what is safe to fix (an opening instant that moved is re-armed) and says so; for the
 * rest it warns the member (email, push hook) and offers one-tap fixes. It never books and never
 * cancels. A QStash delivery is idempotent per prebooking and fire instant: one for an instant
 * already checked (or no longer the prebooking's) does nothing; a member's "check again" always runs.
 */
export async function runPreflight(deps: PreflightDependencies, payload: PreflightPayload, trigger: PreflightTrigger = 'qstash'): Promise<PreflightResult> {
  const prebooking = await findPrebooking(deps.db, payload.prebookingId);
  if (!prebooking || prebooking.status !== 'scheduled') {
    return { kind: 'done', status: 'not_waiting', preflight: null, detail: prebooking ? `prebooking is ${prebooking.status}: nothing to check` : 'unknown prebooking' };
  }
  const forced = trigger !== 'qstash';
  if (!forced && new Date(payload.fireAt).getTime() !== new Date(prebooking.fireAt).getTime()) {
    return { kind: 'done', status: 'stale', preflight: null, detail: `the prebooking now fires at ${prebooking.fireAt}: this check was for ${payload.fireAt}` };
  }
  const existing = await findPreflight(deps.db, prebooking.id);
  if (!forced && existing && existing.fireAt === prebooking.fireAt && existing.notifiedKey === notificationKeyOf(existing.fireAt, existing.findings)) {
    return { kind: 'done', status: 'duplicate', preflight: existing, detail: 'already checked for this fire instant' };
  }
  if (existing && existing.fireAt === prebooking.fireAt && !forced) {
    // Checked, but its warning was not sent (the email failed): send it now, without checking again.
    await warnMember(deps, prebooking, existing);
    return { kind: 'done', status: 'checked', preflight: await findPreflight(deps.db, prebooking.id), detail: 'warning sent' };
  }
  if (!wantsPreflight({ config: { ...deps.config, preflightLeadMs: Math.max(deps.config.preflightLeadMs, 1) } }, prebooking.fireAt, deps.clock.now())) {
    return { kind: 'done', status: 'too_close', preflight: existing, detail: 'the booking request goes out within a minute: too close to check' };
  }

  // Issue 16: the box host's clock is measured again beside the checks (never throws, never delays a fire).
  const clockMeasured = measureBoxClockBeforeFire(deps, prebooking);
  let outcome: { findings: PreflightFinding[]; sessionRefreshed: boolean; firesAt: string };
  try {
    outcome = await check(deps, prebooking, forced);
  } catch (error) {
    await clockMeasured;
    if (!(error instanceof TransientPreflightFailure)) throw error;
    deps.logger.warn('pre-flight could not reach AimHarder; QStash will retry', { prebookingId: prebooking.id, error: String(error.cause ?? error.message) });
    await recordPrebookingEvent(deps.db, prebooking.id, 'preflight_retry', { trigger, message: error.message }).catch(() => undefined);
    return { kind: 'retry', detail: error.message };
  }

  const checkedAt = new Date(deps.clock.now()).toISOString();
  const preflight = {
    prebookingId: prebooking.id,
    memberId: prebooking.memberId,
    fireAt: outcome.firesAt,
    state: stateOf(outcome.findings),
    findings: outcome.findings,
    checkedAt,
  };
  await savePreflight(deps.db, preflight);
  await recordPrebookingEvent(deps.db, prebooking.id, 'preflight_checked', {
    trigger,
    state: preflight.state,
    findings: outcome.findings.map((finding) => ({ code: finding.code, severity: finding.severity, message: finding.message })),
    sessionRefreshed: outcome.sessionRefreshed,
    checkedAt,
  });
  deps.logger.info('pre-flight checked', { prebookingId: prebooking.id, state: preflight.state, codes: outcome.findings.map((finding) => finding.code), trigger });
  const stored = (await findPreflight(deps.db, prebooking.id))!;
  try {
    await warnMember(deps, prebooking, stored);
  } finally {
    // After the checks (which may have retimed it) and the warning: a box clock ahead moves the
    // message earlier (the timeline says so with `rearmed`). Neither ever throws.
    await clockMeasured;
    await rearmAfterPreflight(deps, prebooking.id);
  }
  return { kind: 'done', status: 'checked', preflight: await findPreflight(deps.db, prebooking.id), detail: `pre-flight ${preflight.state}` };
}

async function check(deps: PreflightDependencies, prebooking: Prebooking, forced: boolean): Promise<{ findings: PreflightFinding[]; sessionRefreshed: boolean; firesAt: string }> {
  const box = await findBox(deps.db, prebooking.boxId);
  if (!box) throw new AppError({ code: 'not_found', message: `Box ${prebooking.boxId} is unknown.` });

  const signedIn = await signIn(deps, prebooking, forced);
  if ('finding' in signedIn) return { findings: [signedIn.finding], sessionRefreshed: false, firesAt: prebooking.fireAt };
  const { aimharder } = signedIn;

  let slots: AimHarderClassSlot[];
  try {
    slots = await aimharder.listClasses({ boxId: box.boxId, subdomain: box.subdomain }, prebooking.classDay);
  } catch (error) {
    throw new TransientPreflightFailure('Could not read the class list from AimHarder.', { cause: error });
  }
  const findings = evaluateClassFindings(prebooking, slots);
  const classMoved = findings.some((finding) => finding.code === 'class_moved' || finding.code === 'class_cancelled');
  let firesAt = prebooking.fireAt;
  if (!classMoved) {
    const ruleFinding = await rearmForRule(deps, prebooking, box);
    if (ruleFinding) {
      findings.push(ruleFinding.finding);
      firesAt = ruleFinding.firesAt;
    }
  }
  return { findings, sessionRefreshed: true, firesAt };
}

/**
 * A fresh sign-in with the stored credentials: proves the password still works and stores a new
 * session (onSessionChanged). An automatic check reuses a refusal found minutes ago for another of
 * the member's prebookings (AimHarder locks an account after a few refused passwords); the
 * member's own "check again", after signing in again, always tries.
 */
async function signIn(deps: PreflightDependencies, prebooking: Prebooking, forced: boolean): Promise<{ aimharder: AimHarderClient } | { finding: PreflightFinding }> {
  if (!forced && (await findRecentPasswordFinding(deps.db, prebooking.memberId, new Date(deps.clock.now() - PASSWORD_FINDING_REUSE_MS)))) {
    return { finding: passwordFinding() };
  }
  let aimharder: AimHarderClient;
  try {
    aimharder = await deps.aimharderFor(prebooking.memberId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unprocessable') {
      return {
        finding: { code: 'credentials_missing', severity: 'action', message: 'Prebooker no longer holds your AimHarder password: sign in again.', detail: {} },
      };
    }
    throw new TransientPreflightFailure('Could not load your AimHarder credentials.', { cause: error });
  }
  try {
    await aimharder.login();
  } catch (error) {
    if (error instanceof AimHarderLoginError && error.reason === 'wrong_credentials') return { finding: passwordFinding() };
    throw new TransientPreflightFailure('AimHarder sign-in did not work just now.', { cause: error });
  }
  return { aimharder };
}

function passwordFinding(): PreflightFinding {
  return { code: 'password_changed', severity: 'action', message: 'AimHarder no longer accepts your password: sign in again.', detail: {} };
}

/**
 * The box's opening rule (as configured, or learned from AimHarder's too-early answers) applied to
 * the class again: a different instant is re-armed at once (the safe fix) and said.
 */
async function rearmForRule(deps: PreflightDependencies, prebooking: Prebooking, box: Box): Promise<{ finding: PreflightFinding; firesAt: string } | null> {
  if (!box.bookingWindowRule) return null;
  const nowMs = deps.clock.now();
  const opening = computeOpeningInstant(box.bookingWindowRule, prebooking.classDay, prebooking.classStartTime, box.timeZone).getTime();
  const storedMs = new Date(prebooking.availableAt).getTime();
  if (Math.abs(opening - storedMs) < SAME_INSTANT_MS || opening >= new Date(prebooking.classStartsAt).getTime()) return null;
  // Already open by the new rule: fire as soon as a delivery can get there.
  const availableAt = new Date(Math.max(opening, nowMs + 5_000));
  const retimed = await retimePrebooking(deps, prebooking, { availableAt, reason: 'rule_changed', by: 'preflight' });
  if (!retimed) return null;
  return {
    finding: {
      code: 'rule_changed',
      severity: 'fixed',
      message: `The box's opening rule changed: booking opens at ${new Date(opening).toISOString()}, not ${prebooking.availableAt}. Prebooker re-armed the booking for the new instant.`,
      detail: { from: prebooking.availableAt, to: retimed.availableAt },
    },
    firesAt: retimed.fireAt,
  };
}

/** Email (and the push hook) once per fire instant and set of open findings; the member's "none" preference is respected. */
async function warnMember(deps: PreflightDependencies, prebooking: Prebooking, preflight: Preflight): Promise<void> {
  const key = notificationKeyOf(preflight.fireAt, preflight.findings);
  if (!key || key === preflight.notifiedKey) return;
  const member = await findMemberById(deps.db, prebooking.memberId);
  if (!member) return;
  const box = await findBox(deps.db, prebooking.boxId);
  const warning: PreflightWarning = {
    memberId: member.id,
    prebookingId: prebooking.id,
    className: prebooking.className,
    classDay: prebooking.classDay,
    classStartTime: prebooking.classStartTime,
    findings: preflight.findings,
    locale: member.locale,
    timeZone: box?.timeZone ?? 'Europe/Madrid',
    relevantUntilMs: new Date(prebooking.availableAt).getTime(),
  };
  await deps.pushPreflightWarning(warning).catch((error: unknown) => deps.logger.warn('pre-flight push failed', { prebookingId: prebooking.id, error: String(error) }));
  const settings = await getNotificationSettings({ ...deps, push: getNotificationDependencies().push }, member);
  if (settings.emailOutcomes !== 'none' && deps.mailer.configured) {
    const email = composePreflightEmail({
      locale: member.locale,
      memberName: member.displayName || member.email,
      className: prebooking.className,
      boxName: box?.name ?? `Box ${prebooking.boxId}`,
      timeZone: box?.timeZone ?? 'Europe/Madrid',
      classDay: prebooking.classDay,
      classStartTime: prebooking.classStartTime,
      findings: preflight.findings,
      appBaseUrl: deps.config.appBaseUrl,
    });
    // A failed send throws: the QStash delivery is retried and finds the warning still unsent.
    await deps.mailer.send({ to: member.email, ...email, messageId: `<preflight-${prebooking.id}-${key.replace(/[^0-9a-z_-]/gi, '-')}@prebooker>` });
    await recordPrebookingEvent(deps.db, prebooking.id, 'preflight_warning_sent', { channel: 'email', codes: key.split(':')[1] });
  }
  await markNotified(deps.db, prebooking.id, key, new Date(deps.clock.now()));
}
