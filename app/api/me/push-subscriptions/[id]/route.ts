import { getAdminDatabase } from '@/core/database/admin-client';
import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { getRequestMember, requireMember } from '@/modules/auth';
import { getNotificationDependencies, pushDeviceIdSchema, removePushDevice } from '@/modules/notifications';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ id: string }>;
}

/** Removes one of the member's push devices (another member's device is 404, like a missing one). */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    const member = requireMember(await getRequestMember(getAdminDatabase(), request));
    const { id } = await context.params;
    const parsed = pushDeviceIdSchema.safeParse(id);
    if (!parsed.success) throw new AppError({ code: 'validation', message: `"${id.slice(0, 60)}" is not a device id.` });
    await removePushDevice(getNotificationDependencies(), member, parsed.data);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error, { route: 'DELETE /api/me/push-subscriptions/:id' });
  }
}
