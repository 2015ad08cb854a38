import { expect, test } from 'vitest';
import { getTestStack } from '../support/test-stack';
import { signIn } from '../support/app-client';

test('GET /api/health reports the database and QStash reachable', async () => {
  const response = await fetch(`${getTestStack().urls.app}/api/health`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { ok: boolean; checks: { database: { ok: boolean }; qstash: { ok: boolean } } };
  expect(body.ok).toBe(true);
  expect(body.checks.database.ok).toBe(true);
  expect(body.checks.qstash.ok).toBe(true);
});

test('anonymous callers see up/down only; an admin sees latencies', async () => {
  const { urls } = getTestStack();
  const anonymous = (await (await fetch(`${urls.app}/api/health`)).json()) as Record<string, unknown>;
  expect(anonymous).toEqual({ ok: true, checks: { database: { ok: true }, qstash: { ok: true } } });
  const admin = await signIn('admin@prebooker.local', 'admin-password');
  const detailed = (await (await admin.fetch('/api/health')).json()) as { checks: { database: { latencyMs: number }; qstash: { latencyMs: number } } };
  expect(detailed.checks.database.latencyMs).toEqual(expect.any(Number));
  expect(detailed.checks.qstash.latencyMs).toEqual(expect.any(Number));
});
