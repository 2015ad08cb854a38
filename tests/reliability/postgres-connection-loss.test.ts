/**
 * Fault: the database closes a connection the Postgres driver (postgres.js 3.4.9) holds reserved.
 *
 * Unpatched, the driver's next write on it throws from a setImmediate (`Cannot read properties of
 * null (reading 'write')`, porsager/postgres#1154, #1208): nothing can catch it, and the process
 * dies. That killed the Supabase API stand-in (lite reserves a connection per request) during the
 * database-outage test, and every later test failed on ECONNREFUSED. The app's own direct
 * connection (core/database/direct-database.ts) uses the same driver against Supabase's pooler,
 * where such closes are routine. And once the closed connection was released, the pool handed it
 * out again, so every later request failed.
 *
 * patches/postgres+3.4.9.patch (applied by `postinstall`) fixes both: the query is rejected with
 * CONNECTION_CLOSED, and the pool reconnects. This runs the real driver against the stack's real
 * PostgreSQL, in a child process whose exit shows a crash.
 */
import { spawn } from 'node:child_process';
import { expect, test } from 'vitest';
import { stackPostgresAdminUrl } from './reliability-support';

function runWorker(databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/reliability/postgres-connection-loss-worker.ts', databaseUrl], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('a reserved connection closed by the database: the query is rejected, the process lives, the pool reconnects', async () => {
  const { code, stdout, stderr } = await runWorker(stackPostgresAdminUrl());
  expect(stderr, 'the worker printed an error (a crash from the driver?)').not.toMatch(/TypeError|reading 'write'/);
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout.trim())).toEqual({ queryOnClosedReservation: 'rejected CONNECTION_CLOSED', nextReservation: 'ok' });
});
