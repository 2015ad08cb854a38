/**
 * Vitest global setup for integration, reliability and e2e tests: the same stack as `npm run dev`
 * (real PostgreSQL + Supabase API, dev/qstash, dev/aimharder, Next) on free ports, with a fresh
 * database that is deleted afterwards. Next runs as `next start` of the build made by `npm test`
 * (PREBOOKER_TEST_NEXT=dev uses `next dev` instead, handy while iterating).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../../dev/stack/free-port';
import { startStack, type RunningStack } from '../../dev/stack/start-stack';
import { TEST_APP_TIMING, TEST_DIST_DIR } from './test-stack-settings';

let stack: RunningStack | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const projectRoot = process.cwd();
  const mode = process.env.PREBOOKER_TEST_NEXT === 'dev' ? 'dev' : 'start';
  if (mode === 'start') ensureBuild(projectRoot);

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prebooker-test-'));
  // initdb runs as the unprivileged postgres user when we are root: it must be able to enter the dir.
  fs.chmodSync(dataDir, 0o755);
  const ports = {
    postgres: await findFreePort(),
    supabase: await findFreePort(),
    qstash: await findFreePort(),
    aimharder: await findFreePort(),
    app: await findFreePort(),
    mailSmtp: await findFreePort(),
    mailWeb: await findFreePort(),
    push: await findFreePort(),
  };
  const started = Date.now();
  stack = await startStack({
    ports,
    projectRoot,
    dataDir,
    persistent: false,
    next: mode,
    nextDistDir: mode === 'start' ? TEST_DIST_DIR : undefined,
    echo: process.env.PREBOOKER_TEST_ECHO === '1',
    // Retries and DLQ paths in seconds rather than minutes.
    qstashArgs: ['--retry-time-scale', '0.002'],
    appEnv: { ...TEST_APP_TIMING, LOG_LEVEL: process.env.PREBOOKER_TEST_LOG_LEVEL ?? 'warn' },
  });
  console.log(`[test stack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (next ${mode}) at ${stack.urls.app}`);

  const testEnv = { ...stack.env, PREBOOKER_TEST_STACK: JSON.stringify({ urls: stack.urls, env: stack.env }) };
  for (const [key, value] of Object.entries(testEnv)) process.env[key] = value;
  project.provide('stack', JSON.stringify({ urls: stack.urls, env: stack.env, pushCertificate: stack.pushCertificate }));

  return async () => {
    await stack?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

function ensureBuild(projectRoot: string): void {
  const buildId = path.join(projectRoot, TEST_DIST_DIR, 'BUILD_ID');
  if (process.env.PREBOOKER_SKIP_BUILD === '1' && fs.existsSync(buildId)) return;
  console.log('[test stack] next build…');
  const result = spawnSync(path.join('node_modules', '.bin', 'next'), ['build'], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...process.env, PREBOOKER_NEXT_DIST_DIR: TEST_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: string;
  }
}
