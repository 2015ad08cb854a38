import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { toIsoTimestamp } from '@/core/database/row-values';
import type { NotifiedOutcome } from '../notifications.schema';

/** A push_subscriptions row with its secrets still sealed. */
export interface SealedPushSubscription {
  id: string;
  memberId: string;
  endpointHash: string;
  endpointCiphertext: string;
  keysCiphertext: string;
  deviceLabel: string;
  createdAt: string;
  lastSentAt: string | null;
}

interface Row {
  id: string;
  member_id: string;
  endpoint_hash: string;
  endpoint_ciphertext: string;
  keys_ciphertext: string;
  device_label: string;
  created_at: string;
  last_sent_at: string | null;
}

const toSubscription = (row: Row): SealedPushSubscription => ({
  id: row.id,
  memberId: row.member_id,
  endpointHash: row.endpoint_hash,
  endpointCiphertext: row.endpoint_ciphertext,
  keysCiphertext: row.keys_ciphertext,
  deviceLabel: row.device_label,
  createdAt: toIsoTimestamp(row.created_at),
  lastSentAt: toIsoTimestamp(row.last_sent_at),
});

export async function listMemberSubscriptions(db: Database, memberId: string): Promise<SealedPushSubscription[]> {
  const { data, error } = await db.from('push_subscriptions').select().eq('member_id', memberId).order('created_at', { ascending: true });
  if (error) throw databaseError('read your push devices', error);
  return (data as Row[]).map(toSubscription);
}

export async function countMemberSubscriptions(db: Database, memberId: string): Promise<number> {
  const { count, error } = await db.from('push_subscriptions').select('id', { count: 'exact', head: true }).eq('member_id', memberId);
  if (error) throw databaseError('count your push devices', error);
  return count ?? 0;
}

export async function findSubscriptionByHash(db: Database, endpointHash: string): Promise<SealedPushSubscription | null> {
  const { data, error } = await db.from('push_subscriptions').select().eq('endpoint_hash', endpointHash).maybeSingle();
  if (error) throw databaseError('read the push device', error);
  return data ? toSubscription(data as Row) : null;
}

export interface NewSubscription {
  memberId: string;
  endpointHash: string;
  endpointCiphertext: string;
  keysCiphertext: string;
  deviceLabel: string;
}

/**
 * Stores the device, or refreshes it when this endpoint is already known (a browser re-subscribing
 * after new keys, or another member signing in on the same browser: the device is theirs now).
 */
export async function upsertSubscription(db: Database, input: NewSubscription): Promise<SealedPushSubscription> {
  const { data, error } = await db
    .from('push_subscriptions')
    .upsert(
      {
        member_id: input.memberId,
        endpoint_hash: input.endpointHash,
        endpoint_ciphertext: input.endpointCiphertext,
        keys_ciphertext: input.keysCiphertext,
        device_label: input.deviceLabel,
      },
      { onConflict: 'endpoint_hash' },
    )
    .select()
    .single();
  if (error || !data) throw databaseError('save the push device', error);
  return toSubscription(data as Row);
}

/** Removes the member's device; false when it is not theirs (or already gone). */
export async function deleteMemberSubscription(db: Database, memberId: string, id: string): Promise<boolean> {
  const { data, error } = await db.from('push_subscriptions').delete().eq('id', id).eq('member_id', memberId).select('id');
  if (error) throw databaseError('remove the push device', error);
  return (data as unknown[]).length > 0;
}

/** The push service said the subscription is gone (404/410). */
export async function deleteSubscription(db: Database, id: string): Promise<void> {
  const { error } = await db.from('push_subscriptions').delete().eq('id', id);
  if (error) throw databaseError('remove the expired push device', error);
}

export async function touchSubscriptionSent(db: Database, id: string, now: Date): Promise<void> {
  const { error } = await db.from('push_subscriptions').update({ last_sent_at: now.toISOString() }).eq('id', id);
  if (error) throw databaseError('record the push', error);
}

/** The devices that already got (or permanently refused) this outcome's push. */
export async function findDeliveredDevices(db: Database, prebookingId: string, outcome: NotifiedOutcome): Promise<Set<string>> {
  const { data, error } = await db.from('push_device_deliveries').select('subscription_id').eq('prebooking_id', prebookingId).eq('outcome', outcome);
  if (error) throw databaseError('read the push deliveries', error);
  return new Set((data as Array<{ subscription_id: string }>).map((row) => row.subscription_id));
}

export async function recordDeviceDelivery(db: Database, prebookingId: string, outcome: NotifiedOutcome, subscriptionId: string, status: number, now: Date): Promise<void> {
  const { error } = await db
    .from('push_device_deliveries')
    .upsert(
      { prebooking_id: prebookingId, outcome, subscription_id: subscriptionId, status, delivered_at: now.toISOString() },
      { onConflict: 'prebooking_id,outcome,subscription_id', ignoreDuplicates: true },
    );
  if (error) throw databaseError('record the push delivery', error);
}

export async function findPushPreference(db: Database, memberId: string): Promise<'all' | 'failures' | 'none'> {
  const { data, error } = await db.from('notification_preferences').select('push_outcomes').eq('member_id', memberId).maybeSingle();
  if (error) throw databaseError('read your notification settings', error);
  return (data as { push_outcomes: 'all' | 'failures' | 'none' } | null)?.push_outcomes ?? 'all';
}

export async function savePushPreference(db: Database, memberId: string, preference: 'all' | 'failures' | 'none'): Promise<void> {
  const { error } = await db.from('notification_preferences').upsert({ member_id: memberId, push_outcomes: preference }, { onConflict: 'member_id' });
  if (error) throw databaseError('save your notification settings', error);
}
