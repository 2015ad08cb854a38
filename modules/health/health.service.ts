import 'server-only';
import { getEnv } from '@/core/config/env';
import { getAdminDatabase } from '@/core/database/admin-client';

export interface HealthReport {
  ok: boolean;
  checks: { database: CheckResult; qstash: CheckResult };
}
interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether the execution path's dependencies answer: the database and QStash. */
export async function checkHealth(): Promise<HealthReport> {
  const env = getEnv();
  const [database, qstash] = await Promise.all([
    timed(async () => {
      const { error } = await getAdminDatabase().from('boxes').select('aimharder_box_id', { head: true, count: 'exact' });
      if (error) throw new Error(error.message);
    }),
    timed(async () => {
      // GET /v2/keys is the cheapest authenticated QStash call (the SDK's dev mode probes the same).
      const response = await fetch(`${env.QSTASH_URL}/v2/keys`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` }, cache: 'no-store' });
      if (!response.ok) throw new Error(`QStash answered ${response.status}`);
    }),
  ]);
  return { ok: database.ok && qstash.ok, checks: { database, qstash } };
}
