// Trigger: the pre-flight message published per prebooking and fire instant (notBefore = fire − PREFLIGHT_LEAD_MINUTES), and the sweep.
// Idempotency: dedup id preflight-<prebooking>-<fire instant>; a check already recorded for that instant does nothing.
import { errorResponse } from '@/core/http/error-response';
import { logger } from '@/core/logging/logger';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { PREFLIGHT_ROUTE } from '@/modules/prebooking';
import { getPreflightDependencies, preflightPayloadSchema, runPreflight } from '@/modules/preflight';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

export async function POST(request: Request): Promise<Response> {
  let verified;
  try {
    verified = await verifyQStashRequest(request, PREFLIGHT_ROUTE);
  } catch (error) {
    return errorResponse(error, { route: PREFLIGHT_ROUTE });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(verified.rawBody);
  } catch {
    payload = undefined;
  }
  const parsed = preflightPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    // Signed by QStash but not ours to run: retrying cannot fix it.
    logger.error('invalid pre-flight payload', { messageId: verified.messageId, issues: parsed.error.issues.map((issue) => issue.message) });
    return Response.json(
      { error: { code: 'validation', message: 'Invalid pre-flight payload: expected {"prebookingId": "<uuid>", "fireAt": "<ISO instant>"}.' } },
      { status: 489, headers: { 'Upstash-NonRetryable-Error': 'true' } },
    );
  }
  try {
    const result = await runPreflight(getPreflightDependencies(), parsed.data, 'qstash');
    if (result.kind === 'retry') return Response.json({ error: { code: 'unavailable', message: result.detail } }, { status: 503 });
    return Response.json({ status: result.status, state: result.preflight?.state ?? null, detail: result.detail });
  } catch (error) {
    // The database or SMTP down: 5xx, so QStash retries (the findings stay until the warning is out).
    return errorResponse(error, { route: PREFLIGHT_ROUTE, prebookingId: parsed.data.prebookingId, messageId: verified.messageId });
  }
}
