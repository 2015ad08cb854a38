import { AppError } from '@/core/http/app-error';
import { errorResponse } from '@/core/http/error-response';
import { calendarTokenParamSchema, getCalendarDependencies, renderCalendarFeed } from '@/modules/calendar';

export const dynamic = 'force-dynamic';

interface Context {
  params: Promise<{ token: string }>;
}

/**
 * The private iCal feed calendar apps subscribe to (no cookie: the unguessable token in the URL is
 * the credential). Unknown, malformed and revoked tokens all answer the same 404.
 */
export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const parsed = calendarTokenParamSchema.safeParse((await context.params).token);
    if (!parsed.success) throw new AppError({ code: 'not_found', message: 'No such calendar.' });
    const body = await renderCalendarFeed(getCalendarDependencies(), parsed.data);
    return new Response(body, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="prebooker.ics"',
        // Private: the URL is a secret, so no shared cache may keep it.
        'cache-control': 'private, max-age=300',
        'x-robots-tag': 'noindex',
      },
    });
  } catch (error) {
    return errorResponse(error, { route: 'GET /api/calendar/:token' });
  }
}
