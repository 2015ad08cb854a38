import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crashIfInjected } from './crash-fault';

const here = path.dirname(new URL(import.meta.url).pathname);

function runCrashPoint(env: { NODE_ENV: 'test' | 'production'; PREBOOKER_FAULTS: string }): { signal: NodeJS.Signals | null; status: number | null } {
  const script = `import { crashIfInjected } from ${JSON.stringify(path.join(here, 'crash-fault.ts'))}; crashIfInjected('after-booked'); console.log('survived');`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { signal: result.signal, status: result.status };
}

describe('crashIfInjected', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('does nothing when no fault is asked for, or a different one', () => {
    vi.stubEnv('PREBOOKER_FAULTS', '');
    expect(() => crashIfInjected('after-booked')).not.toThrow();
    vi.stubEnv('PREBOOKER_FAULTS', 'crash-somewhere-else');
    expect(() => crashIfInjected('after-booked')).not.toThrow();
  });

  it('kills the process when asked to, but never under NODE_ENV=production', () => {
    expect(runCrashPoint({ NODE_ENV: 'test', PREBOOKER_FAULTS: 'crash-after-booked' })).toEqual({ signal: 'SIGKILL', status: null });
    expect(runCrashPoint({ NODE_ENV: 'production', PREBOOKER_FAULTS: 'crash-after-booked' })).toEqual({ signal: null, status: 0 });
  });
});
