import { AppError } from '@/core/http/app-error';
import { claimDelivery, type DeliveryResult } from './claim-notification-delivery';
import { findMemberById } from '@/modules/members';
// Not from i18n's index: the execution path must load without its client components (eslint.config.js).
import { swapText } from '@/modules/i18n/dictionaries';
import { bookedTimingOf, classifyOutcome, notificationDeduplicationId, wantsEmail } from './notification-outcome';
import type { NotificationDependencies } from './notification-dependencies';
import { findDelivery, findEmailPreference, findNotifiablePrebooking, markDeliveryFailed, markDeliverySent, recordSkippedDelivery, type DeliveryKey } from './notifications.repository';
import type { NotifyOutcomePayload } from './notifications.schema';
import { composeOutcomeEmail } from './outcome-email';

export type { DeliveryResult };

/**
 * Sends the outcome email of one ended prebooking, at most once: the delivery row (unique per
 * prebooking + outcome) is claimed before sending, a redelivery finds it `sent` and stops, and a
 * delivery whose SMTP send failed is marked `failed` and re-thrown as 503 so QStash retries it.
 * It never touches the prebooking itself.
 */
export async function deliverOutcomeNotification(deps: NotificationDependencies, payload: Pick<NotifyOutcomePayload, 'prebookingId' | 'outcome'>): Promise<DeliveryResult> {
  const { db, clock } = deps;
  const prebooking = await findNotifiablePrebooking(db, payload.prebookingId);
  if (!prebooking) return { kind: 'skipped', detail: `prebooking ${payload.prebookingId} no longer exists` };
  const outcome = classifyOutcome(prebooking.status, prebooking.resultCode);
  if (!outcome) return { kind: 'skipped', detail: `prebooking ${prebooking.id} is ${prebooking.status}: nothing to tell` };
  if (outcome !== payload.outcome) {
    deps.logger.warn('notification outcome differs from the stored one; sending the stored one', { prebookingId: prebooking.id, queued: payload.outcome, stored: outcome });
  }
  const key: DeliveryKey = { prebookingId: prebooking.id, memberId: prebooking.memberId, outcome, channel: 'email' };

  const existing = await findDelivery(db, key);
  if (existing && (existing.status === 'sent' || existing.status === 'skipped')) {
    return { kind: 'duplicate', detail: `the ${outcome} notification of prebooking ${prebooking.id} is already ${existing.status}` };
  }

  const member = await findMemberById(db, prebooking.memberId);
  if (!member) return { kind: 'skipped', detail: `member of prebooking ${prebooking.id} no longer exists` };
  const preference = await findEmailPreference(db, member.id);
  if (!wantsEmail(preference, outcome)) {
    await recordSkippedDelivery(db, key, `preference:${preference}`);
    return { kind: 'skipped', detail: `member wants ${preference === 'none' ? 'no' : preference} outcome emails` };
  }
  if (!deps.mailer.configured) {
    await recordSkippedDelivery(db, key, 'smtp_not_configured');
    return { kind: 'skipped', detail: 'SMTP_URL is not set' };
  }

  const claim = await claimDelivery(deps, key, existing);
  if (claim.kind !== 'claimed') return claim.result;

  const email = composeOutcomeEmail({
    locale: member.locale,
    memberName: member.displayName,
    outcome,
    className: prebooking.className,
    boxName: prebooking.boxName,
    classDay: prebooking.classDay,
    classStartTime: prebooking.classStartTime,
    resultCode: prebooking.resultCode,
    resultMessage: prebooking.resultMessage,
    ...bookedTimingOf(prebooking),
    swapNote: prebooking.replacesBooking ? swapText(prebooking.replacesBooking, member.locale) : null,
    appBaseUrl: deps.config.linkBaseUrl,
  });
  const dedupId = notificationDeduplicationId(prebooking.id, outcome);
  try {
    const sent = await deps.mailer.send({
      to: member.email,
      ...email,
      messageId: `<${dedupId}@prebooker>`,
      headers: { 'X-Prebooker-Prebooking-Id': prebooking.id, 'X-Prebooker-Outcome': outcome },
    });
    await markDeliverySent(db, claim.delivery.id, claim.token, sent.messageId, new Date(clock.now()));
    deps.logger.info('outcome email sent', { prebookingId: prebooking.id, outcome, attempt: claim.delivery.attempts });
    return { kind: 'sent', detail: `${outcome} email sent to the member` };
  } catch (error) {
    await markDeliveryFailed(db, claim.delivery.id, claim.token, String(error)).catch(() => undefined);
    throw new AppError({
      code: 'unavailable',
      message: `The ${outcome} email for prebooking ${prebooking.id} could not be sent; it will be retried.`,
      cause: error,
    });
  }
}
