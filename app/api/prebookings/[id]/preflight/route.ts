import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { prebookingIdSchema } from '@/modules/prebooking';
import { applyPreflightAction, getPreflightDependencies, preflightActionSchema } from '@/modules/preflight';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/** The one-tap fixes of a pre-flight finding: `{"action": "recheck"}` or `{"action": "move"}`. */
export async function POST(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const { id } = await context.params;
    const parsedId = prebookingIdSchema.safeParse(id);
    if (!parsedId.success) throw new AppError({ code: 'validation', message: `"${id.slice(0, 60)}" is not a prebooking id.` });
    const { action } = await readJsonBody(request, preflightActionSchema);
    const preflight = await applyPreflightAction(getPreflightDependencies(), member, parsedId.data, action);
    return Response.json({ preflight }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/prebookings/:id/preflight' });
  }
}
