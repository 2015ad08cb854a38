import { getAdminDatabase } from '@/core/database/admin-client';
import { clientAddress } from '@/core/http/client-address';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { serializeSessionCookie, signIn, signInInputSchema } from '@/modules/auth';

export const dynamic = 'force-dynamic';

/** JSON sign-in for scripts and tests: `{ email, password }` → our session cookie. */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = await readJsonBody(request, signInInputSchema, 4 * 1024);
    const { member, sessionToken } = await signIn(getAdminDatabase(), input, clientAddress(request));
    return Response.json(
      { member: { id: member.id, email: member.email, displayName: member.displayName, role: member.role } },
      { headers: { 'set-cookie': serializeSessionCookie(sessionToken) } },
    );
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/auth/sign-in' });
  }
}
