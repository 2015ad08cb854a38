import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { localeOfRequest } from '@/modules/i18n';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { listPrebookingCards } from '@/modules/schedule';

export const dynamic = 'force-dynamic';

/** "My prebookings" as the page shows them (polled while it is open): upcoming and recent past. */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const cards = await listPrebookingCards(getPrebookingDependencies(), member, localeOfRequest(request));
    return Response.json(cards, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/prebookings' });
  }
}
