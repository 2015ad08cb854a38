import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { getNotificationDependencies, listPushDevices, pushSubscriptionInputSchema, savePushSubscription } from '@/modules/notifications';

export const dynamic = 'force-dynamic';

/** The member's push devices: `{ devices: [{ id, label, createdAt, lastSentAt, endpointHash }] }`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json({ devices: await listPushDevices(getNotificationDependencies(), member) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/push-subscriptions' });
  }
}

/** Turns push on for this device: the browser's `PushSubscription.toJSON()` plus a `deviceLabel`. */
export async function POST(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const input = await readJsonBody(request, pushSubscriptionInputSchema, 4 * 1024);
    return Response.json({ device: await savePushSubscription(getNotificationDependencies(), member, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/me/push-subscriptions' });
  }
}
