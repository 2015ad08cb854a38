import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { getExecutionHealth, healthQuerySchema } from '@/modules/admin';
import { getRequestMember, requireAdmin } from '@/modules/auth';
import { getPrebookingDependencies } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

/**
 * Execution health over a period of opening instants (`?period=24h|7d|30d`, or
 * `period=custom&from=&to=`): counts by status, success rate, fire-offset p50/p95/max and
 * histogram, and what needs attention. Admins only.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const admin = requireAdmin(await getRequestMember(getAdminDatabase(), request));
    const query = parseQuery(request.url, healthQuerySchema);
    return Response.json(await getExecutionHealth(getPrebookingDependencies(), admin, query), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/admin/stats' });
  }
}
