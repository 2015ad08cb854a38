// Trigger: the QStash schedule "prebooker-prebooking-sweep" (PREBOOKING_SWEEP_CRON, every 5 min).
// Idempotency: each step is a guarded state transition; running it twice changes nothing more.
import { after } from 'next/server';
import { errorResponse, validationError } from '@/core/http/error-response';
import { verifyQStashRequest } from '@/core/qstash/verify-qstash-request';
import { SWEEP_ROUTE, getPrebookingDependencies, refreshUpcomingBoxClocks, sweepPayloadSchema, sweepPrebookings } from '@/modules/prebooking';
import { getPreflightDependencies, sweepPreflights } from '@/modules/preflight';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

export async function POST(request: Request): Promise<Response> {
  try {
    const verified = await verifyQStashRequest(request, SWEEP_ROUTE);
    let json: unknown;
    try {
      json = verified.rawBody ? JSON.parse(verified.rawBody) : undefined;
    } catch {
      json = null;
    }
    const parsed = sweepPayloadSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, 'Invalid sweep payload.');
    const deps = getPrebookingDependencies();
    const report = await sweepPrebookings(deps);
    const preflights = await sweepPreflights(getPreflightDependencies());
    // Box clocks of the openings ahead (issue 16), measured once the sweep has answered.
    after(() => refreshUpcomingBoxClocks(deps).then(() => undefined));
    return Response.json({ ...report, preflights });
  } catch (error) {
    return errorResponse(error, { route: SWEEP_ROUTE });
  }
}
