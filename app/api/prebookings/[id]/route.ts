import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { findBookingOfPrebooking } from '@/modules/bookings';
import { localeOfRequest } from '@/modules/i18n';
import { cancelPrebooking, describeBookedTiming, getPrebookingDependencies, getPrebookingDetail, prebookingIdSchema, toPrebookingView } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

async function parseId(context: Context): Promise<string> {
  const { id } = await context.params;
  const parsed = prebookingIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError({ code: 'validation', message: `"${id.slice(0, 60)}" is not a prebooking id.` });
  return parsed.data;
}

export async function GET(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const deps = getPrebookingDependencies();
    const { prebooking, events } = await getPrebookingDetail(deps, member, await parseId(context));
    // The outcome as it stands: the booked-at offset (and whether a retry got it) and, from the
    // synced view of AimHarder, whether the booking still exists.
    const booking = prebooking.status === 'completed' ? await findBookingOfPrebooking(deps.db, prebooking.memberId, prebooking.id, prebooking.reservationId) : null;
    const locale = localeOfRequest(request);
    const timing = describeBookedTiming(prebooking, locale);
    const gone = locale === 'es' ? 'Después se canceló: la reserva ya no existe en AimHarder.' : 'Then cancelled: the booking no longer exists in AimHarder.';
    const outcome = {
      bookedAt: prebooking.bookedAt,
      bookedOffsetMs: prebooking.bookedOffsetMs,
      bookedOnRetry: prebooking.bookedOnRetry,
      bookingState: booking ? (booking.cancelledAt ? 'cancelled' : booking.state) : null,
      cancelledAfterBooking: booking?.cancelledAt ?? null,
      text: booking?.cancelledAt ? `${timing ?? ''} ${gone}`.trim() : timing,
    };
    return Response.json({ prebooking: toPrebookingView(prebooking), outcome, events }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/prebookings/:id' });
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const prebooking = await cancelPrebooking(getPrebookingDependencies(), member, await parseId(context));
    return Response.json({ prebooking: toPrebookingView(prebooking) });
  } catch (error) {
    return errorResponse(error, { route: 'DELETE /api/prebookings/:id' });
  }
}
