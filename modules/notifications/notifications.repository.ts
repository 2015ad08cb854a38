import { z } from 'zod';
import type { Database } from '@/core/database/admin-client';
import { databaseError, isUniqueViolation } from '@/core/database/database-error';
import { toIsoTimestamp, toNumber } from '@/core/database/row-values';
import type { DeliveryStatus, EmailPreference, NotifiablePrebooking, NotificationChannel, NotificationDelivery, NotifiedOutcome } from './notifications.schema';

interface PrebookingRow {
  id: string;
  member_id: string;
  class_name: string;
  class_day: string;
  class_start_time: string;
  available_at: string;
  fired_at: string | null;
  booked_at: string | null;
  booked_on_retry: boolean | null;
  status: string;
  result_code: string | null;
  result_message: string | null;
  replaces_booking: unknown;
  boxes: { display_name: string; time_zone: string } | null;
}

// Read defensively: a stored value that does not parse adds no note (never a failed email).
const swapFactsSchema = z.object({
  classStartTime: z.string(),
  className: z.string(),
  swap: z.enum(['cancelled', 'rebooked', 'rebooked_waitlisted', 'lost', 'kept', 'gone']).optional(),
});

/** Reads the prebooking row directly: notifications must not depend on the prebooking module. */
export async function findNotifiablePrebooking(db: Database, prebookingId: string): Promise<NotifiablePrebooking | null> {
  const { data, error } = await db
    .from('prebookings')
    .select('id, member_id, class_name, class_day, class_start_time, available_at, fired_at, booked_at, booked_on_retry, status, result_code, result_message, replaces_booking, boxes(display_name, time_zone)')
    .eq('id', prebookingId)
    .maybeSingle();
  if (error) throw databaseError('read the prebooking to notify', error);
  if (!data) return null;
  const row = data as unknown as PrebookingRow;
  return {
    id: row.id,
    memberId: row.member_id,
    boxName: row.boxes?.display_name ?? 'AimHarder',
    boxTimeZone: row.boxes?.time_zone ?? 'Europe/Madrid',
    className: row.class_name,
    classDay: row.class_day.slice(0, 10),
    classStartTime: row.class_start_time,
    availableAt: toIsoTimestamp(row.available_at),
    firedAt: toIsoTimestamp(row.fired_at),
    bookedAt: toIsoTimestamp(row.booked_at),
    bookedOnRetry: row.booked_on_retry === true,
    status: row.status,
    resultCode: row.result_code,
    resultMessage: row.result_message,
    replacesBooking: row.replaces_booking ? (swapFactsSchema.safeParse(row.replaces_booking).data ?? null) : null,
  };
}

export async function findEmailPreference(db: Database, memberId: string): Promise<EmailPreference> {
  const { data, error } = await db.from('notification_preferences').select('email_outcomes').eq('member_id', memberId).maybeSingle();
  if (error) throw databaseError('read your notification settings', error);
  return ((data as { email_outcomes: EmailPreference } | null)?.email_outcomes ?? 'all') as EmailPreference;
}

export async function saveEmailPreference(db: Database, memberId: string, preference: EmailPreference): Promise<void> {
  const { error } = await db.from('notification_preferences').upsert({ member_id: memberId, email_outcomes: preference }, { onConflict: 'member_id' });
  if (error) throw databaseError('save your notification settings', error);
}

interface DeliveryRow {
  id: string;
  prebooking_id: string;
  member_id: string;
  outcome: NotifiedOutcome;
  status: DeliveryStatus;
  claim_token: string | null;
  claimed_at: string | null;
  attempts: number | string;
  sent_at: string | null;
  skip_reason: string | null;
  last_error: string | null;
}

function toDelivery(row: DeliveryRow): NotificationDelivery {
  return {
    id: row.id,
    prebookingId: row.prebooking_id,
    memberId: row.member_id,
    outcome: row.outcome,
    status: row.status,
    claimToken: row.claim_token,
    claimedAt: toIsoTimestamp(row.claimed_at),
    attempts: toNumber(row.attempts),
    sentAt: toIsoTimestamp(row.sent_at),
    skipReason: row.skip_reason,
    lastError: row.last_error,
  };
}

export interface DeliveryKey {
  prebookingId: string;
  memberId: string;
  outcome: NotifiedOutcome;
  channel: NotificationChannel;
}

export async function findDelivery(db: Database, key: Omit<DeliveryKey, 'memberId'>): Promise<NotificationDelivery | null> {
  const { data, error } = await db
    .from('notification_deliveries')
    .select()
    .eq('prebooking_id', key.prebookingId)
    .eq('outcome', key.outcome)
    .eq('channel', key.channel)
    .maybeSingle();
  if (error) throw databaseError('read the notification delivery', error);
  return data ? toDelivery(data as DeliveryRow) : null;
}

/** Inserts the delivery row already claimed by `claimToken`; null when it exists (unique key). */
export async function insertClaimedDelivery(db: Database, key: DeliveryKey, claimToken: string, now: Date): Promise<NotificationDelivery | null> {
  const { data, error } = await db
    .from('notification_deliveries')
    .insert({
      prebooking_id: key.prebookingId,
      member_id: key.memberId,
      outcome: key.outcome,
      channel: key.channel,
      status: 'sending',
      claim_token: claimToken,
      claimed_at: now.toISOString(),
      attempts: 1,
    })
    .select()
    .single();
  if (isUniqueViolation(error)) return null;
  if (error || !data) throw databaseError('record the notification delivery', error);
  return toDelivery(data as DeliveryRow);
}

/**
 * Takes over a delivery that failed, or whose sender's lease ran out: a compare-and-set on the
 * previous claim token, so of two concurrent redeliveries only one wins.
 */
export async function takeOverDelivery(db: Database, current: NotificationDelivery, claimToken: string, now: Date): Promise<NotificationDelivery | null> {
  let query = db
    .from('notification_deliveries')
    .update({ status: 'sending', claim_token: claimToken, claimed_at: now.toISOString(), attempts: current.attempts + 1 })
    .eq('id', current.id)
    .eq('status', current.status);
  query = current.claimToken ? query.eq('claim_token', current.claimToken) : query.is('claim_token', null);
  const { data, error } = await query.select();
  if (error) throw databaseError('claim the notification delivery', error);
  const rows = data as DeliveryRow[];
  return rows[0] ? toDelivery(rows[0]) : null;
}

/** `smtpMessageId` is the email's; push deliveries have none. */
export async function markDeliverySent(db: Database, id: string, claimToken: string, smtpMessageId: string | null, now: Date): Promise<void> {
  const { error } = await db
    .from('notification_deliveries')
    .update({ status: 'sent', sent_at: now.toISOString(), smtp_message_id: smtpMessageId, last_error: null })
    .eq('id', id)
    .eq('claim_token', claimToken);
  if (error) throw databaseError('record the sent notification', error);
}

export async function markDeliveryFailed(db: Database, id: string, claimToken: string, lastError: string): Promise<void> {
  const { error } = await db
    .from('notification_deliveries')
    .update({ status: 'failed', last_error: lastError.slice(0, 500) })
    .eq('id', id)
    .eq('claim_token', claimToken)
    .eq('status', 'sending');
  if (error) throw databaseError('record the failed notification', error);
}

/** Records that nothing is sent for this outcome on this channel (preference, no SMTP, no device); keeps an existing row. */
export async function recordSkippedDelivery(db: Database, key: DeliveryKey, reason: string): Promise<void> {
  const { error } = await db
    .from('notification_deliveries')
    .upsert(
      { prebooking_id: key.prebookingId, member_id: key.memberId, outcome: key.outcome, channel: key.channel, status: 'skipped', skip_reason: reason },
      { onConflict: 'prebooking_id,outcome,channel', ignoreDuplicates: true },
    );
  if (error) throw databaseError('record the skipped notification', error);
}
