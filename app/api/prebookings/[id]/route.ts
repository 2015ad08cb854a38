import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { cancelPrebooking, getPrebookingDependencies, getPrebookingDetail, prebookingIdSchema, toPrebookingView } from '@/modules/prebooking';

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
    const { prebooking, events } = await getPrebookingDetail(getPrebookingDependencies(), member, await parseId(context));
    return Response.json({ prebooking: toPrebookingView(prebooking), events }, { headers: { 'cache-control': 'no-store' } });
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
