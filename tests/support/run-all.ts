/**
 * `npm test`: lint, typecheck, a production build, then every vitest project (unit; integration,
 * reliability and e2e against the real local stack). Ends with one summary line of counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { TEST_DIST_DIR } from './test-stack-settings';
import { CHROMIUM_PATH, CHROMIUM_MISSING_MESSAGE } from './chromium';

const bin = (name: string) => path.join('node_modules', '.bin', name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', LITE_TELEMETRY: '0' };

function step(title: string, command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const status = result.status ?? 1;
  console.log(`${status === 0 ? '✔' : '✖'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return status;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

function main(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(CHROMIUM_MISSING_MESSAGE);
    process.exit(1);
  }
  const checks = [
    step('lint', bin('eslint'), ['--max-warnings=0', '.']),
    step('typecheck', bin('tsc'), ['--noEmit']),
    step('next build', bin('next'), ['build'], { PREBOOKER_NEXT_DIST_DIR: TEST_DIST_DIR }),
  ];
  const checksFailed = checks.filter((status) => status !== 0).length;
  if (checks[2] !== 0) {
    console.log(`\n0 passed, ${checksFailed} failed`);
    process.exit(1);
  }

  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prebooker-vitest-')), 'report.json');
  const vitestStatus = step('vitest (unit, integration, reliability, e2e)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ], { PREBOOKER_SKIP_BUILD: '1' });

  let passed = 0;
  let failed = checksFailed;
  let skipped = 0;
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as VitestJson;
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    skipped += json.numPendingTests + json.numTodoTests;
  }
  if (vitestStatus !== 0 && failed === 0) failed = 1; // e.g. the stack failed to start
  console.log(`\nlint, typecheck, build: ${checksFailed === 0 ? 'ok' : `${checksFailed} failed`}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed === 0 && vitestStatus === 0 ? 0 : 1);
}

main();
