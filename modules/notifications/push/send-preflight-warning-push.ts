import { AppError } from '@/core/http/app-error';
import type { NotificationDependencies } from '../notification-dependencies';
import type { Locale } from '../outcome-email';
import { openMemberPushTargets } from './push-subscriptions.service';
import { findPushPreference } from './push-subscriptions.repository';
import { sendPushToDevices, type DevicesPushResult } from './send-push-to-devices';

/** A pre-flight warning as its sender words it, already in the member's language. */
export interface PreflightWarningPush {
  memberId: string;
  prebookingId: string;
  /** Short machine key of the warning (e.g. `credentials_rejected`): one notification per prebooking + key on a device. */
  warningKey: string;
  locale: Locale;
  title: string;
  body: string;
  /** The next step, e.g. { title: 'Sign in again', url: '/sign-in' }; the card when absent. */
  action?: { title: string; url: string };
  /** When the warning stops mattering (the opening instant): the push service drops it after that. */
  relevantUntilMs: number;
}

export type PreflightWarningPushResult = { kind: 'skipped'; detail: string } | { kind: 'sent'; devices: DevicesPushResult };

/**
 * The push channel for pre-flight warnings (issue: warnings before a prebooking fires). A warning
 * is about a prebooking that may fail, so it goes out under "all" and "failures only", not "none".
 * The caller owns idempotency (its own QStash message per warning, as outcomes do); a push service
 * that is down makes this throw `unavailable` (503) so that message is retried.
 */
export async function sendPreflightWarningPush(deps: NotificationDependencies, warning: PreflightWarningPush): Promise<PreflightWarningPushResult> {
  const preference = await findPushPreference(deps.db, warning.memberId);
  if (preference === 'none') return { kind: 'skipped', detail: 'member wants no pushes' };
  const targets = await openMemberPushTargets(deps, warning.memberId);
  if (targets.length === 0) return { kind: 'skipped', detail: 'the member has no push device' };
  const cardUrl = `/my-classes#prebooking-${warning.prebookingId}`;
  const ttlSeconds = Math.max(60, Math.floor((warning.relevantUntilMs - deps.clock.now()) / 1000));
  const devices = await sendPushToDevices(
    deps,
    targets,
    {
      title: warning.title,
      body: warning.body,
      tag: `warning-${warning.prebookingId}-${warning.warningKey}`,
      lang: warning.locale,
      url: cardUrl,
      actions: [{ action: 'open', title: warning.action?.title ?? (warning.locale === 'es' ? 'Ver prerreserva' : 'See prebooking'), url: warning.action?.url ?? cardUrl }],
      prebookingId: warning.prebookingId,
    },
    { ttlSeconds, urgency: 'high' },
  );
  if (devices.unavailable.length > 0) {
    throw new AppError({ code: 'unavailable', message: `The warning push for prebooking ${warning.prebookingId} could not reach ${devices.unavailable.length} device(s); it will be retried.` });
  }
  return { kind: 'sent', devices };
}
