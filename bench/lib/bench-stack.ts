import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../dev/stack/free-port';
import { startStack, type RunningStack, type StackPorts } from '../../dev/stack/start-stack';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Where benchmarks build Next. Inside `.data/` (ignored by git, ESLint and tsc) rather than a
 * top-level `.next-bench`, which `npm run lint` would otherwise walk into.
 */
export const BENCH_DIST_DIR = '.data/next-bench';

/** The build bench:burst and bench:webhook share, apart from bench:precision's. */
export const LOAD_BENCH_DIST_DIR = '.data/next-bench-load';

export interface BenchFlags {
  quick: boolean;
  rebuild: boolean;
  echo: boolean;
  /** `--name value` pairs, e.g. `--n 20`. */
  values: Map<string, string>;
}

/** `npm run bench:x -- --quick --rebuild --echo --n 20`. */
export function parseBenchFlags(argv = process.argv.slice(2)): BenchFlags {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2);
    const next = argv[index + 1];
    if (next !== undefined && !next.startsWith('--')) {
      values.set(name, next);
      index += 1;
    } else {
      flags.add(name);
    }
  }
  return { quick: flags.has('quick'), rebuild: flags.has('rebuild'), echo: flags.has('echo'), values };
}

export function numberFlag(flags: BenchFlags, name: string, fallback: number): number {
  const raw = flags.values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** What a build is made of: a build older than any of these measures code that no longer exists. */
const BUILD_INPUTS = ['app', 'core', 'modules', 'proxy.ts', 'next.config.ts', 'package-lock.json'];

function newestInputMtimeMs(): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const input of BUILD_INPUTS) visit(path.join(ROOT, input));
  return newest;
}

/**
 * A production build of the app for benchmarks (benchmarks must measure `next start`, not
 * `next dev`), reused while no source file is newer than it. `--rebuild` forces a fresh build.
 */
export function ensureBenchBuild(rebuild: boolean, distDir = BENCH_DIST_DIR): { built: boolean; ageMinutes: number } {
  const buildId = path.join(ROOT, distDir, 'BUILD_ID');
  if (!rebuild && fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestInputMtimeMs()) {
    return { built: false, ageMinutes: (Date.now() - fs.statSync(buildId).mtimeMs) / 60_000 };
  }
  console.log(`[bench] next build into ${distDir}…`);
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PREBOOKER_NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed; fix the build (or wait for a teammate to) and run the benchmark again');
  return { built: true, ageMinutes: 0 };
}

export interface BenchStack extends RunningStack {
  ports: StackPorts;
  dataDir: string;
  startedInMs: number;
  /** Idempotent; also run on Ctrl-C. */
  shutdown(): Promise<void>;
}

export interface BenchStackOptions {
  flags: BenchFlags;
  /** Timing and logging for the app (e.g. PREBOOKING_SAME_CLASS_SPACING_MS, LOG_LEVEL). */
  appEnv?: Record<string, string>;
  /** dev/qstash flags, e.g. ['--delivery-jitter-ms', '0-2000']. */
  qstashArgs?: string[];
  /**
   * Where to build and run Next (inside `.data/`), when a benchmark must not share
   * {@link BENCH_DIST_DIR} with a teammate's benchmark running at the same time.
   */
  distDir?: string;
}

/**
 * The whole local stack for one benchmark run on free ports: PostgreSQL + Supabase API, dev/qstash,
 * the AimHarder simulator and `next start` of the benchmark build, with a database that is
 * deleted afterwards. No MailDev: outcome emails are not part of any benchmark.
 */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const distDir = options.distDir ?? BENCH_DIST_DIR;
  const build = ensureBenchBuild(options.flags.rebuild, distDir);
  if (!build.built) {
    console.log(`[bench] reusing the build in ${distDir} (${build.ageMinutes.toFixed(0)} min old; --rebuild to rebuild)`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prebooker-bench-'));
  // initdb runs as the unprivileged postgres user when we are root: it must be able to enter the dir.
  fs.chmodSync(dataDir, 0o755);
  const ports: StackPorts = {
    postgres: await findFreePort(),
    supabase: await findFreePort(),
    qstash: await findFreePort(),
    aimharder: await findFreePort(),
    app: await findFreePort(),
  };
  const started = performance.now();
  const stack = await startStack({
    ports,
    projectRoot: ROOT,
    dataDir,
    persistent: false,
    next: 'start',
    nextDistDir: distDir,
    echo: options.flags.echo,
    qstashArgs: ['--quiet', ...(options.qstashArgs ?? [])],
    // No MailDev here: with SMTP_URL=off, outcome emails are skipped instead of retried against a
    // mail server that is not running (every retry would land, as extra load, on later firings).
    // (An empty value would not do: locally it means MailDev's default port.)
    appEnv: { LOG_LEVEL: 'warn', SMTP_URL: 'off', ...options.appEnv },
    log: (line) => console.log(`[bench] ${line}`),
  }).catch((error: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const startedInMs = performance.now() - started;
  console.log(`[bench] stack ready in ${(startedInMs / 1000).toFixed(1)} s (app ${stack.urls.app})`);

  let stopped: Promise<void> | undefined;
  const shutdown = () => {
    stopped ??= stack.stop().finally(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    return stopped;
  };
  const onSignal = () => {
    console.log('\n[bench] interrupted, stopping the stack…');
    void shutdown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { ...stack, ports, dataDir, startedInMs, shutdown };
}

/** A process and all its live descendants (Linux /proc); empty if it has ended. */
export function processTreePids(pid: number | undefined): number[] {
  const pids: number[] = [];
  const visit = (current: number) => {
    try {
      const children = fs
        .readdirSync(`/proc/${current}/task`)
        .flatMap((task) => fs.readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
      pids.push(current);
      for (const child of children) visit(Number(child));
    } catch {
      // the process ended meanwhile
    }
  };
  if (pid !== undefined) visit(pid);
  return pids;
}

/** Sums VmRSS over a process and all its descendants (Linux /proc), in bytes. */
export function processTreeRssBytes(pid: number | undefined): number {
  let total = 0;
  for (const current of processTreePids(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${current}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** RSS of each service of the stack (process trees: Postgres' backends count under "database"). */
export function stackMemory(stack: BenchStack): Record<string, number> {
  return Object.fromEntries(stack.services.map((service) => [service.name, processTreeRssBytes(service.process.pid)]));
}

/** 1-minute load average and the busiest other processes, to judge whether figures are noisy. */
export function machineLoad(): { loadAverage1m: number; note: string } {
  const [load1] = os.loadavg();
  const cpus = os.cpus().length;
  const loadAverage1m = Number((load1 ?? 0).toFixed(2));
  return {
    loadAverage1m,
    note: `load average (1 min) ${loadAverage1m} on ${cpus} cores${loadAverage1m > cpus * 0.5 ? ' — the machine was busy: figures are noisy' : ''}`,
  };
}

/** How the benchmark was invoked, for the report: `npm run bench:burst -- --quick`. */
export function benchCommand(script: string, argv = process.argv.slice(2)): string {
  return `npm run ${script}${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Wall-clock epoch ms with sub-millisecond resolution (the simulator stamps requests the same way). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
