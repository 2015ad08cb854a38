import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { localeOfRequest } from '@/modules/i18n';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { getScheduleDay, scheduleQuerySchema } from '@/modules/schedule';

export const dynamic = 'force-dynamic';

/** One day of a box: classes with places, the member's state and prebookings (`?boxId=&day=YYYY-MM-DD`). */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const params = new URL(request.url).searchParams;
    const query = scheduleQuerySchema.parse({ boxId: params.get('boxId') ?? undefined, day: params.get('day') ?? undefined });
    const day = await getScheduleDay(getPrebookingDependencies(), member, query, localeOfRequest(request));
    return Response.json(day, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/schedule' });
  }
}
