// Trigger: the daily QStash schedule "prebooker-goals-materialize" (GOALS_MATERIALIZE_CRON, CRON_TZ=Europe/Madrid)
// with {reason}, which fans out one message {goalId} per active goal (dedup id goal-<id>-<hour>).
// Idempotency: one active prebooking per member, class and day (unique index); a run never duplicates.
import { errorResponse, validationError } from '@/core/http/error-response';
import { logger } from '@/core/logging/logger';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { getBookingsDependencies, refreshMemberBookings } from '@/modules/bookings';
import { GOALS_MATERIALIZE_ROUTE, fanOutGoalMaterialization, getGoalsDependencies, materializeGoal, materializePayloadSchema } from '@/modules/goals';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

export async function POST(request: Request): Promise<Response> {
  try {
    const verified = await verifyQStashRequest(request, GOALS_MATERIALIZE_ROUTE);
    let json: unknown;
    try {
      json = verified.rawBody ? JSON.parse(verified.rawBody) : {};
    } catch {
      json = null;
    }
    const parsed = materializePayloadSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, 'Invalid goals payload.');
    const deps = getGoalsDependencies();
    if ('goalId' in parsed.data) {
      const report = await materializeGoal(deps, parsed.data.goalId);
      // The daily run also refreshes the member's synced bookings (logged, never fails the run).
      if (report.memberId) {
        const memberId = report.memberId;
        await refreshMemberBookings(getBookingsDependencies(), memberId).catch((error: unknown) =>
          logger.warn('bookings refresh in the goals run failed', { memberId, error: String(error) }),
        );
      }
      return Response.json({ goalId: report.goalId, evaluated: report.evaluated, created: report.created, note: report.note });
    }
    return Response.json(await fanOutGoalMaterialization(deps));
  } catch (error) {
    return errorResponse(error, { route: GOALS_MATERIALIZE_ROUTE });
  }
}
