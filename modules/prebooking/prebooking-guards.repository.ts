import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import type { Prebooking } from './prebooking.schema';
import { toPrebooking } from './prebooking.repository';

export interface IdleSettlement {
  status: 'completed' | 'failed';
  resultCode: string;
  resultMessage: string;
  reservationId?: string | null;
  /** Settle only if this is the row's current QStash message (or it has none recorded). */
  messageId?: string | null;
}

/**
 * Ends an active prebooking from outside its execution (failure callback, sweep), in one guarded
 * SQL update (settle_idle_prebooking): never under a live lease (database clock), and, given a
 * message id, only for the row's current message. Null when the prebooking was left alone.
 */
export async function settleIdlePrebooking(db: Database, id: string, settlement: IdleSettlement): Promise<Prebooking | null> {
  const { data, error } = await db.rpc('settle_idle_prebooking', {
    p_id: id,
    p_message_id: settlement.messageId ?? null,
    p_status: settlement.status,
    p_result_code: settlement.resultCode,
    p_result_message: settlement.resultMessage,
    p_reservation_id: settlement.reservationId ?? null,
  });
  if (error) throw databaseError('settle the prebooking', error);
  return data ? toPrebooking(data as Parameters<typeof toPrebooking>[0]) : null;
}

/** Deletes a prebooking whose message could not be published, unless a delivery already took it. */
export async function discardUnpublishedPrebooking(db: Database, id: string): Promise<void> {
  const { error } = await db
    .from('prebookings')
    .delete()
    .eq('id', id)
    .in('status', ['pending', 'scheduled'])
    .is('qstash_schedule_id', null)
    .is('delivered_at', null);
  if (error) throw databaseError('discard the prebooking', error);
}

/** Stores the message id of a freshly scheduled prebooking, whatever its status by now, unless one is stored already. */
export async function recordFirstMessageId(db: Database, id: string, messageId: string): Promise<void> {
  const { error } = await db.from('prebookings').update({ qstash_schedule_id: messageId }).eq('id', id).is('qstash_schedule_id', null);
  if (error) throw databaseError('store the QStash message id', error);
}
