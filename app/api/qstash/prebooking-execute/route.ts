// Trigger: the one QStash message published per prebooking (notBefore = fire instant − lead).
// Idempotency: the atomic claim in the database; duplicate or concurrent deliveries do nothing.
import { errorResponse } from '@/core/http/error-response';
import { logger } from '@/core/logging/logger';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { EXECUTE_ROUTE, executePayloadSchema, executePrebooking, getPrebookingDependencies } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

export async function POST(request: Request): Promise<Response> {
  let verified;
  try {
    verified = await verifyQStashRequest(request, EXECUTE_ROUTE);
  } catch (error) {
    return errorResponse(error, { route: EXECUTE_ROUTE });
  }

  let payload: unknown;
  try {
    payload = JSON.parse(verified.rawBody);
  } catch {
    payload = undefined;
  }
  const parsed = executePayloadSchema.safeParse(payload);
  if (!parsed.success) {
    // Signed by QStash but not ours to run: retrying cannot fix it, so tell QStash not to.
    logger.error('invalid prebooking payload', { messageId: verified.messageId, issues: parsed.error.issues.map((issue) => issue.message) });
    return Response.json(
      { error: { code: 'validation', message: 'Invalid prebooking payload: expected {"prebookingId": "<uuid>"}.' } },
      { status: 489, headers: { 'Upstash-NonRetryable-Error': 'true' } },
    );
  }

  try {
    const result = await executePrebooking(getPrebookingDependencies(), {
      prebookingId: parsed.data.prebookingId,
      messageId: verified.messageId,
      retried: verified.retried,
    });
    if (result.kind === 'retry') {
      return Response.json({ error: { code: 'unavailable', message: result.detail } }, { status: 503 });
    }
    return Response.json({ status: result.status, detail: result.detail });
  } catch (error) {
    // Anything unexpected (e.g. the database down before the claim): 5xx, so QStash retries.
    return errorResponse(error, { route: EXECUTE_ROUTE, prebookingId: parsed.data.prebookingId, messageId: verified.messageId });
  }
}
