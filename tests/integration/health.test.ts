import { expect, test } from 'vitest';
import { getTestStack } from '../support/test-stack';

test('GET /api/health reports the database and QStash reachable', async () => {
  const response = await fetch(`${getTestStack().urls.app}/api/health`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { ok: boolean; checks: { database: { ok: boolean }; qstash: { ok: boolean } } };
  expect(body.ok).toBe(true);
  expect(body.checks.database.ok).toBe(true);
  expect(body.checks.qstash.ok).toBe(true);
});
