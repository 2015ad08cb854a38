import { getAdminDatabase } from '@/core/database/admin-client';
import { getRequestMember } from '@/modules/auth';
import { checkHealth, publicHealthReport } from '@/modules/health';

export const dynamic = 'force-dynamic';

/** Up or down per dependency for anyone (monitors); latencies and error texts for admins only. */
export async function GET(request: Request): Promise<Response> {
  const report = await checkHealth();
  // With the database down this lookup fails too: then the caller is treated as anonymous.
  const viewer = await getRequestMember(getAdminDatabase(), request).catch(() => null);
  const body = viewer?.role === 'admin' ? report : publicHealthReport(report);
  return Response.json(body, { status: report.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
