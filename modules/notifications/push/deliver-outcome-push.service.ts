import { AppError } from '@/core/http/app-error';
import { findMemberById } from '@/modules/members';
import { claimDelivery, type DeliveryResult } from '../claim-notification-delivery';
import type { NotificationDependencies } from '../notification-dependencies';
import { bookedTimingOf, classifyOutcome, wantsOutcome } from '../notification-outcome';
import { findDelivery, findNotifiablePrebooking, markDeliveryFailed, markDeliverySent, recordSkippedDelivery, type DeliveryKey } from '../notifications.repository';
import type { NotifyOutcomePayload } from '../notifications.schema';
import { composeOutcomePush } from './outcome-push';
import { openMemberPushTargets } from './push-subscriptions.service';
import { findDeliveredDevices, findPushPreference, recordDeviceDelivery } from './push-subscriptions.repository';
import { sendPushToDevices } from './send-push-to-devices';

/** An outcome stops mattering once the class is over; push services drop it after this. */
const OUTCOME_TTL_SECONDS = 12 * 60 * 60;

/**
 * Pushes the outcome of one ended prebooking to each of the member's devices, at most once per
 * device: the channel's delivery row is claimed like the email's, and each device that got it is
 * recorded, so a QStash retry after one push service failed (503 from here) reaches only the
 * devices still owed. 404/410 removes the device. It never touches the prebooking itself.
 */
export async function deliverOutcomePush(deps: NotificationDependencies, payload: Pick<NotifyOutcomePayload, 'prebookingId' | 'outcome'>): Promise<DeliveryResult> {
  const { db, clock } = deps;
  const prebooking = await findNotifiablePrebooking(db, payload.prebookingId);
  if (!prebooking) return { kind: 'skipped', detail: `prebooking ${payload.prebookingId} no longer exists` };
  const outcome = classifyOutcome(prebooking.status, prebooking.resultCode);
  if (!outcome) return { kind: 'skipped', detail: `prebooking ${prebooking.id} is ${prebooking.status}: nothing to tell` };
  const key: DeliveryKey = { prebookingId: prebooking.id, memberId: prebooking.memberId, outcome, channel: 'push' };

  const existing = await findDelivery(db, key);
  if (existing && (existing.status === 'sent' || existing.status === 'skipped')) {
    return { kind: 'duplicate', detail: `the ${outcome} push of prebooking ${prebooking.id} is already ${existing.status}` };
  }
  const member = await findMemberById(db, prebooking.memberId);
  if (!member) return { kind: 'skipped', detail: `member of prebooking ${prebooking.id} no longer exists` };
  const preference = await findPushPreference(db, member.id);
  if (!wantsOutcome(preference, outcome)) {
    await recordSkippedDelivery(db, key, `preference:${preference}`);
    return { kind: 'skipped', detail: `member wants ${preference === 'none' ? 'no' : preference} outcome pushes` };
  }
  const targets = await openMemberPushTargets(deps, member.id);
  if (targets.length === 0) {
    await recordSkippedDelivery(db, key, 'no_devices');
    return { kind: 'skipped', detail: 'the member has no push device' };
  }

  const claim = await claimDelivery(deps, key, existing);
  if (claim.kind !== 'claimed') return claim.result;

  const done = await findDeliveredDevices(db, prebooking.id, outcome);
  const owed = targets.filter((target) => !done.has(target.id));
  const message = composeOutcomePush({
    prebookingId: prebooking.id,
    locale: member.locale,
    outcome,
    className: prebooking.className,
    boxName: prebooking.boxName,
    classDay: prebooking.classDay,
    classStartTime: prebooking.classStartTime,
    resultCode: prebooking.resultCode,
    resultMessage: prebooking.resultMessage,
    ...bookedTimingOf(prebooking),
  });
  const result = await sendPushToDevices(
    deps,
    owed,
    message,
    // The topic lets a push service that still holds this outcome for an offline device replace it.
    { ttlSeconds: OUTCOME_TTL_SECONDS, urgency: 'high', topic: pushTopic(prebooking.id, outcome) },
    (target, status) => recordDeviceDelivery(db, prebooking.id, outcome, target.id, status, new Date(clock.now())),
  );

  if (result.unavailable.length > 0) {
    const detail = result.unavailable.map((device) => `${device.id}: ${device.detail}`).join('; ');
    await markDeliveryFailed(db, claim.delivery.id, claim.token, detail).catch(() => undefined);
    throw new AppError({
      code: 'unavailable',
      message: `The ${outcome} push for prebooking ${prebooking.id} could not reach ${result.unavailable.length} device(s); it will be retried.`,
      cause: new Error(detail),
    });
  }
  await markDeliverySent(db, claim.delivery.id, claim.token, null, new Date(clock.now()));
  deps.logger.info('outcome push sent', { prebookingId: prebooking.id, outcome, devices: result.accepted.length, removed: result.removed.length, refused: result.rejected.length });
  return { kind: 'sent', detail: `${outcome} push sent to ${result.accepted.length} device(s)${result.removed.length ? `, ${result.removed.length} expired device(s) removed` : ''}` };
}

/** ≤ 32 base64url characters, unique per prebooking outcome. */
function pushTopic(prebookingId: string, outcome: string): string {
  return `${prebookingId.replace(/-/g, '').slice(0, 24)}${outcome.slice(0, 1)}`;
}
