// Trigger: QStash failure callback, after every retry of a prebooking message failed (DLQ).
// Idempotency: only a prebooking that has not ended yet is changed.
import { errorResponse, validationError } from '@/core/http/error-response';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { FAILED_ROUTE, failureCallbackSchema, getPrebookingDependencies, recordDeliveryFailure } from '@/modules/prebooking';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  try {
    const verified = await verifyQStashRequest(request, FAILED_ROUTE);
    let json: unknown;
    try {
      json = JSON.parse(verified.rawBody);
    } catch {
      json = undefined;
    }
    const parsed = failureCallbackSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, 'Invalid failure callback.');
    const result = await recordDeliveryFailure(getPrebookingDependencies(), parsed.data);
    return Response.json(result);
  } catch (error) {
    return errorResponse(error, { route: FAILED_ROUTE });
  }
}
