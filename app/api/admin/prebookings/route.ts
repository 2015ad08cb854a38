import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { getRequestMember, requireAdmin } from '@/modules/auth';
import { adminListQuerySchema, getPrebookingDependencies, listPrebookingsForAdmin, toPrebookingView } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

/** Every prebooking, filterable by status, box, member and class date; admins only. */
export async function GET(request: Request): Promise<Response> {
  try {
    const admin = requireAdmin(await getRequestMember(getAdminDatabase(), request));
    const query = parseQuery(request.url, adminListQuerySchema);
    const { items, total } = await listPrebookingsForAdmin(getPrebookingDependencies(), admin, query);
    return Response.json({ prebookings: items.map(toPrebookingView), total, page: query.page, pageSize: query.pageSize }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/admin/prebookings' });
  }
}
