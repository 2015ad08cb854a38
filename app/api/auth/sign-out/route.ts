import { getAdminDatabase } from '@/core/database/admin-client';
import { errorResponse } from '@/core/http/error-response';
import { readJsonBody } from '@/core/http/read-json-body';
import { getRequestMember, requireMember, serializeClearedSessionCookie, signOut, signOutInputSchema } from '@/modules/auth';

export const dynamic = 'force-dynamic';

/** Signs out everywhere; `{ "forget": true }` also deletes the stored AimHarder credentials. */
export async function POST(request: Request): Promise<Response> {
  try {
    const db = getAdminDatabase();
    const member = requireMember(await getRequestMember(db, request));
    const { forget } = await readJsonBody(request, signOutInputSchema, 1024);
    await signOut(db, member, { forget });
    return Response.json({ signedOut: true, forgotCredentials: forget }, { headers: { 'set-cookie': serializeClearedSessionCookie() } });
  } catch (error) {
    return errorResponse(error, { route: 'POST /api/auth/sign-out' });
  }
}
