import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { deleteGoal, getGoalForMember, getGoalsDependencies, goalIdSchema, goalInputSchemasFor, updateGoal } from '@/modules/goals';
import { localeOfRequest } from '@/modules/i18n';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

interface Context {
  params: Promise<{ id: string }>;
}

async function parseId(context: Context): Promise<string> {
  const { id } = await context.params;
  const parsed = goalIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError({ code: 'validation', message: `"${id.slice(0, 60)}" is not a goal id.` });
  return parsed.data;
}

export async function GET(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const goal = await getGoalForMember(getGoalsDependencies(), member, await parseId(context));
    return Response.json({ goal }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/goals/:id' });
  }
}

/** Edits, pauses (`{"active": false}`) or resumes a goal; stale prebookings it made are cancelled. */
export async function PATCH(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const goalId = await parseId(context);
    const locale = localeOfRequest(request);
    const patch = await readJsonBody(request, goalInputSchemasFor(locale).update, 16 * 1024);
    return Response.json(await updateGoal(getGoalsDependencies(), member, goalId, patch, { locale }));
  } catch (error) {
    return errorResponse(error, { route: 'PATCH /api/goals/:id' });
  }
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json(await deleteGoal(getGoalsDependencies(), member, await parseId(context)));
  } catch (error) {
    return errorResponse(error, { route: 'DELETE /api/goals/:id' });
  }
}
