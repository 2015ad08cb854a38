import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { getRequestMember, requireAdmin } from '@/modules/auth';
import { adminGoalsQuerySchema, getGoalsDependencies, listGoalsForAdmin } from '@/modules/goals';

export const dynamic = 'force-dynamic';

/** Goals per member (`?memberId=`), or every goal; admins only. */
export async function GET(request: Request): Promise<Response> {
  try {
    const admin = requireAdmin(await getRequestMember(getAdminDatabase(), request));
    const query = parseQuery(request.url, adminGoalsQuerySchema);
    const goals = await listGoalsForAdmin(getGoalsDependencies(), admin, query);
    return Response.json({ goals }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/admin/goals' });
  }
}
