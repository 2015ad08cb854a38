import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember } from '@/modules/auth';
import { getNotificationDependencies, getNotificationSettings, notificationSettingsInputSchema, updateNotificationSettings } from '@/modules/notifications';

export const dynamic = 'force-dynamic';

/** Which outcome emails the member gets: `{ emailOutcomes: 'all' | 'failures' | 'none' }`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    return Response.json(await getNotificationSettings(getNotificationDependencies(), member), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/me/notifications' });
  }
}

export async function PUT(request: Request): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const input = await readJsonBody(request, notificationSettingsInputSchema, 1024);
    return Response.json(await updateNotificationSettings(getNotificationDependencies(), member, input));
  } catch (error) {
    return errorResponse(error, { route: 'PUT /api/me/notifications' });
  }
}
