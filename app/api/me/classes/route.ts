import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { z } from 'zod';
import { getRequestMember, requireMember } from '@/modules/auth';
import { MAX_WAIT_MS } from '@/modules/bookings';
import { localeOfRequest } from '@/modules/i18n';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { getMyClasses } from '@/modules/schedule';

export const dynamic = 'force-dynamic';

const querySchema = z.strictObject({});

/** "My classes" as the page shows it (polled while open): waits at most ~1 s for AimHarder, else the last snapshot. */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    parseQuery(request.url, querySchema);
    const classes = await getMyClasses(getPrebookingDependencies(), member, localeOfRequest(request), { waitMs: MAX_WAIT_MS });
    return Response.json(classes, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/classes' });
  }
}
