import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { localeOfRequest } from '@/modules/i18n';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { bookClass, bookClassInputSchema } from '@/modules/schedule';

export const dynamic = 'force-dynamic';

/** Books an open class now (`waitlist: true` joins a full class's waitlist): `{ ok, kind | reason, message }`. */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const input = await readJsonBody(request, bookClassInputSchema, 4 * 1024);
    return Response.json(await bookClass(getPrebookingDependencies(), member, input, localeOfRequest(request)));
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/bookings' });
  }
}
