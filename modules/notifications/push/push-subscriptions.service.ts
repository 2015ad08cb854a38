import { createHash } from 'node:crypto';
import { AppError } from '@/core/http/app-error';
import type { Member } from '@/modules/members';
import type { NotificationDependencies } from '../notification-dependencies';
import { assertPushEndpointAllowed } from './push-endpoint-guard';
import type { PushDevice, PushSubscriptionInput, PushTarget } from './push-subscription.schema';
import {
  countMemberSubscriptions,
  deleteMemberSubscription,
  findSubscriptionByHash,
  listMemberSubscriptions,
  upsertSubscription,
  type SealedPushSubscription,
} from './push-subscriptions.repository';

type Deps = Pick<NotificationDependencies, 'db' | 'push' | 'logger'>;

export function hashPushEndpoint(endpoint: string): string {
  return createHash('sha256').update(endpoint, 'utf8').digest('hex');
}

/** Associated data binding sealed push secrets to their member (see core/crypto/secret-box). */
const endpointContext = (memberId: string) => `push-endpoint:${memberId}`;
const keysContext = (memberId: string) => `push-keys:${memberId}`;

const toDevice = (row: SealedPushSubscription): PushDevice => ({
  id: row.id,
  label: row.deviceLabel,
  createdAt: row.createdAt,
  lastSentAt: row.lastSentAt,
  endpointHash: row.endpointHash,
});

/**
 * Turns push on for one of the member's devices: the endpoint must pass the SSRF guard, and a
 * member has at most `maxDevices` (the same device subscribing again replaces its keys and does not
 * count twice). Endpoint and keys are sealed; only their hash is stored in the clear.
 */
export async function savePushSubscription(deps: Deps, member: Member, input: PushSubscriptionInput): Promise<PushDevice> {
  assertPushEndpointAllowed(input.endpoint, deps.push.devServiceOrigin);
  const endpointHash = hashPushEndpoint(input.endpoint);
  const existing = await findSubscriptionByHash(deps.db, endpointHash);
  if (existing?.memberId !== member.id && (await countMemberSubscriptions(deps.db, member.id)) >= deps.push.maxDevices) {
    throw new AppError({
      code: 'conflict',
      reason: 'too_many_devices',
      message: `You already get push notifications on ${deps.push.maxDevices} devices; remove one before adding another.`,
    });
  }
  const row = await upsertSubscription(deps.db, {
    memberId: member.id,
    endpointHash,
    endpointCiphertext: deps.push.secretBox.seal(input.endpoint, endpointContext(member.id)),
    keysCiphertext: deps.push.secretBox.seal(JSON.stringify(input.keys), keysContext(member.id)),
    deviceLabel: input.deviceLabel ?? 'Browser',
  });
  deps.logger.info('push device saved', { memberId: member.id, deviceId: row.id, replaced: existing !== null });
  return toDevice(row);
}

export async function listPushDevices(deps: Pick<Deps, 'db'>, member: Member): Promise<PushDevice[]> {
  return (await listMemberSubscriptions(deps.db, member.id)).map(toDevice);
}

export async function removePushDevice(deps: Pick<Deps, 'db'>, member: Member, deviceId: string): Promise<void> {
  if (!(await deleteMemberSubscription(deps.db, member.id, deviceId))) {
    throw new AppError({ code: 'not_found', message: `No push device ${deviceId} on your account.` });
  }
}

/** The member's devices, opened for sending. A row that no longer opens (key rotated) is skipped and logged. */
export async function openMemberPushTargets(deps: Deps, memberId: string): Promise<PushTarget[]> {
  const rows = await listMemberSubscriptions(deps.db, memberId);
  const targets: PushTarget[] = [];
  for (const row of rows) {
    try {
      targets.push({
        id: row.id,
        memberId,
        endpoint: deps.push.secretBox.open(row.endpointCiphertext, endpointContext(memberId)),
        keys: JSON.parse(deps.push.secretBox.open(row.keysCiphertext, keysContext(memberId))) as PushTarget['keys'],
      });
    } catch (error) {
      deps.logger.warn('a push device could not be opened; skipped', { memberId, deviceId: row.id, error: String(error) });
    }
  }
  return targets;
}
