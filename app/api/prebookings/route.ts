import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { parseQuery } from '@/core/http/query-params';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import {
  createPrebooking,
  createPrebookingInputSchema,
  getPrebookingDependencies,
  listPrebookingsForMember,
  listPrebookingsQuerySchema,
  toPrebookingView,
} from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

/** The signed-in member's prebookings (`?scope=upcoming|past|all`). */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const { scope } = parseQuery(request.url, listPrebookingsQuerySchema);
    const items = await listPrebookingsForMember(getPrebookingDependencies(), member, scope);
    return Response.json({ prebookings: items.map(toPrebookingView) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/prebookings' });
  }
}

/** Prebooks a class (or books it now if it is already open). */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const input = await readJsonBody(request, createPrebookingInputSchema);
    const result = await createPrebooking(getPrebookingDependencies(), member, input);
    if (result.kind === 'booked_now') {
      return Response.json({ kind: result.kind, outcome: result.outcome, message: result.message }, { status: 200 });
    }
    return Response.json(
      { kind: result.kind, created: result.created, prebooking: toPrebookingView(result.prebooking) },
      { status: result.created ? 201 : 200 },
    );
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/prebookings' });
  }
}
