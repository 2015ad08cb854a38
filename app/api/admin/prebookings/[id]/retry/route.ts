import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireAdmin } from '@/modules/auth';
import { getPrebookingDependencies, prebookingIdSchema, retryPrebooking, toPrebookingView } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

/** "Retry now" for a failed prebooking whose class has not started. Admins only. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const admin = requireAdmin(await getRequestMember(getAdminDatabase(), request));
    const { id } = await context.params;
    const parsed = prebookingIdSchema.safeParse(id);
    if (!parsed.success) throw new AppError({ code: 'validation', message: `"${id.slice(0, 60)}" is not a prebooking id.` });
    const prebooking = await retryPrebooking(getPrebookingDependencies(), admin, parsed.data);
    return Response.json({ prebooking: toPrebookingView(prebooking) });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/admin/prebookings/:id/retry' });
  }
}
