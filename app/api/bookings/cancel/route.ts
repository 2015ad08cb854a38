import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { localeOfRequest } from '@/modules/i18n';
import { getPrebookingDependencies } from '@/modules/prebooking';
import { cancelBooking, cancelBookingInputSchema } from '@/modules/schedule';

export const dynamic = 'force-dynamic';

/**
 * Cancels a booking. A late cancellation answers `{ ok: false, lateCancellationRequired: true }`
 * and cancels nothing until it is sent again with `late: true`.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const input = await readJsonBody(request, cancelBookingInputSchema, 4 * 1024);
    return Response.json(await cancelBooking(getPrebookingDependencies(), member, input, localeOfRequest(request)));
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/bookings/cancel' });
  }
}
