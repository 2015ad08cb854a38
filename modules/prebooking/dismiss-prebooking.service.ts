import { AppError } from '@/core/http/app-error';
import { databaseError } from '@/core/database/database-error';
import type { Member } from '@/modules/members';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { findPrebooking } from './prebooking.repository';

/** "Dismiss" on a failed prebooking: it stays in the history, without a next step to offer. */
export async function dismissFailedPrebooking(deps: PrebookingDependencies, member: Member, prebookingId: string): Promise<void> {
  const prebooking = await findPrebooking(deps.db, prebookingId);
  // Another member's prebooking is "not found", as everywhere.
  if (!prebooking || prebooking.memberId !== member.id) throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  if (prebooking.status !== 'failed') {
    throw new AppError({ code: 'conflict', reason: 'not_failed', message: `Prebooking ${prebookingId} is ${prebooking.status}: only a failed one can be dismissed.` });
  }
  const { error } = await deps.db.from('prebookings').update({ dismissed_at: new Date(deps.clock.now()).toISOString() }).eq('id', prebookingId).eq('status', 'failed');
  if (error) throw databaseError('dismiss the prebooking', error);
}
