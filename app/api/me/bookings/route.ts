import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { getRequestMember, requireMember } from '@/modules/auth';
import { MAX_WAIT_MS, bookingsQuerySchema, getBookingsDependencies, getMemberBookings } from '@/modules/bookings';

export const dynamic = 'force-dynamic';

/**
 * The member's bookings as AimHarder holds them (the synced view), with `fetchedAt`: answered
 * from the snapshot; a stale one is refreshed, waiting at most ~1 s (`refreshing: true` when the
 * refresh is still running; poll again). `?refresh=1` refreshes whatever the age.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const query = parseQuery(request.url, bookingsQuerySchema);
    const view = await getMemberBookings(getBookingsDependencies(), member.id, {
      force: query.refresh === '1',
      waitMs: MAX_WAIT_MS,
      includeCancelled: query.include === 'all',
    });
    return Response.json(view, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/bookings' });
  }
}
