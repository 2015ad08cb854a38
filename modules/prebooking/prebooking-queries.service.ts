import { AppError } from '@/core/http/app-error';
import type { Member } from '@/modules/members';
import type { AdminListQuery, Prebooking, PrebookingEvent } from './prebooking.schema';
import type { PrebookingDependencies } from './prebooking-dependencies';
import { findPrebooking, listAllPrebookings, listEvents, listMemberPrebookings } from './prebooking.repository';

export function listPrebookingsForMember(deps: PrebookingDependencies, member: Member, scope: 'upcoming' | 'past' | 'all'): Promise<Prebooking[]> {
  return listMemberPrebookings(deps.db, member.id, scope, new Date(deps.clock.now()));
}

/** One prebooking with its timeline, for its owner or an admin; anyone else gets "not found". */
export async function getPrebookingDetail(deps: PrebookingDependencies, viewer: Member, prebookingId: string): Promise<{ prebooking: Prebooking; events: PrebookingEvent[] }> {
  const prebooking = await findPrebooking(deps.db, prebookingId);
  if (!prebooking || (prebooking.memberId !== viewer.id && viewer.role !== 'admin')) {
    throw new AppError({ code: 'not_found', message: `Prebooking ${prebookingId} not found.` });
  }
  return { prebooking, events: await listEvents(deps.db, prebookingId) };
}

export function listPrebookingsForAdmin(deps: PrebookingDependencies, admin: Member, query: AdminListQuery): Promise<{ items: Prebooking[]; total: number }> {
  if (admin.role !== 'admin') throw new AppError({ code: 'forbidden', message: 'Only admins can see every prebooking.' });
  return listAllPrebookings(deps.db, query);
}
