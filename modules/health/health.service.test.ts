import { describe, expect, test, vi } from 'vitest';
import { createHealthCheck, publicHealthReport } from './health.service';

describe('the health check', () => {
  test('its public form says up or down, never the raw error text', async () => {
    const check = createHealthCheck({
      database: () => Promise.reject(new Error('connection to 10.0.4.7:5432 failed: password authentication failed for user "postgres"')),
      qstash: () => Promise.resolve(),
    });
    const report = await check();
    expect(report.checks.database.error).toContain('10.0.4.7');
    const shown = publicHealthReport(report);
    expect(shown).toEqual({ ok: false, checks: { database: { ok: false }, qstash: { ok: true } } });
    expect(JSON.stringify(shown)).not.toMatch(/10\.0\.4\.7|password|postgres|latency/);
  });

  test('one probe serves every request for a few seconds, then it probes again', async () => {
    let nowMs = 1_000_000;
    const qstash = vi.fn(() => Promise.resolve());
    const database = vi.fn(() => Promise.resolve());
    const check = createHealthCheck({ database, qstash }, { ttlMs: 5_000, now: () => nowMs });
    await Promise.all([check(), check(), check()]);
    await check();
    nowMs += 4_999;
    await check();
    expect(qstash).toHaveBeenCalledTimes(1);
    expect(database).toHaveBeenCalledTimes(1);
    nowMs += 1;
    await check();
    expect(qstash).toHaveBeenCalledTimes(2);
  });
});
