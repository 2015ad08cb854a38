import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { createGoal, getGoalsDependencies, goalInputSchemasFor, listGoalBoxes, listGoalsForMember } from '@/modules/goals';
import { localeOfRequest } from '@/modules/i18n';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

/** The signed-in member's goals, each with its upcoming prebookings and what the runs decided. */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const deps = getGoalsDependencies();
    const [goals, boxes] = await Promise.all([listGoalsForMember(deps, member), listGoalBoxes(deps, member)]);
    return Response.json(
      { goals, boxes: boxes.map((box) => ({ boxId: box.boxId, name: box.name, timeZone: box.timeZone })) },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/goals' });
  }
}

/** Creates a goal and runs it once right away (its first prebookings, and what "book if open" did, are in the answer). */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const locale = localeOfRequest(request);
    const input = await readJsonBody(request, goalInputSchemasFor(locale).create, 16 * 1024);
    const result = await createGoal(getGoalsDependencies(), member, input, { locale });
    return Response.json(result, { status: 201 });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/goals' });
  }
}
