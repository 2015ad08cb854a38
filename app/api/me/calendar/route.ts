import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { getCalendarDependencies, getCalendarFeed, revokeCalendarFeed, rotateCalendarFeed } from '@/modules/calendar';

export const dynamic = 'force-dynamic';

/** The member's private calendar URL (`{ feed: null }` when there is none). */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json({ feed: await getCalendarFeed(getCalendarDependencies(), member) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/calendar' });
  }
}

/** Creates the feed URL, or replaces it with a new one (the old URL stops working). */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json({ feed: await rotateCalendarFeed(getCalendarDependencies(), member) }, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/me/calendar' });
  }
}

/** Revokes the feed URL. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json(await revokeCalendarFeed(getCalendarDependencies(), member));
  } catch (error) {
    return errorResponse(error, { route: 'DELETE /api/me/calendar' });
  }
}
