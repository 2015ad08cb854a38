import 'server-only';
import { getEnv } from '@/core/config/env';
import { getAdminDatabase } from '@/core/database/admin-client';
import { logger } from '@/core/logging/logger';

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/** The full report: latencies and error texts. For admins and the logs only. */
export interface HealthReport {
  ok: boolean;
  checks: { database: CheckResult; qstash: CheckResult };
}

/** What anyone may read: up or down per dependency, nothing an attacker could learn from. */
export interface PublicHealthReport {
  ok: boolean;
  checks: { database: { ok: boolean }; qstash: { ok: boolean } };
}

export interface HealthProbes {
  database(): Promise<void>;
  qstash(): Promise<void>;
}

const TIMEOUT_MS = 2_000;
/** One probe serves every health request for this long: an anonymous GET must not cost a QStash API call each. */
export const HEALTH_CACHE_MS = 5_000;

async function timed(check: () => Promise<void>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A health check over these probes, cached for `ttlMs` (concurrent callers share one probe).
 * A failing check is logged with its error once per probe.
 */
export function createHealthCheck(probes: HealthProbes, options: { ttlMs?: number; now?: () => number } = {}): () => Promise<HealthReport> {
  const ttlMs = options.ttlMs ?? HEALTH_CACHE_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; report: Promise<HealthReport> } | undefined;
  return () => {
    const at = now();
    if (cached && at - cached.at < ttlMs) return cached.report;
    const report = Promise.all([timed(probes.database), timed(probes.qstash)]).then(([database, qstash]) => {
      for (const [name, result] of Object.entries({ database, qstash })) {
        if (!result.ok) logger.warn('health check failed', { check: name, error: result.error, latencyMs: result.latencyMs });
      }
      return { ok: database.ok && qstash.ok, checks: { database, qstash } };
    });
    cached = { at, report };
    return report;
  };
}

export function publicHealthReport(report: HealthReport): PublicHealthReport {
  return { ok: report.ok, checks: { database: { ok: report.checks.database.ok }, qstash: { ok: report.checks.qstash.ok } } };
}

const productionProbes: HealthProbes = {
  async database() {
    const { error } = await getAdminDatabase().from('boxes').select('aimharder_box_id', { head: true, count: 'exact' });
    if (error) throw new Error(error.message);
  },
  async qstash() {
    const env = getEnv();
    // GET /v2/keys is the cheapest authenticated QStash call (the SDK's dev mode probes the same).
    const response = await fetch(`${env.QSTASH_URL}/v2/keys`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` }, cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`QStash answered ${response.status}`);
  },
};

/** Whether the execution path's dependencies answer: the database and QStash (cached a few seconds). */
export const checkHealth: () => Promise<HealthReport> = createHealthCheck(productionProbes);
