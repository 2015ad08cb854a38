import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildService {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** The last lines it printed, for error messages. */
  recentOutput(): string;
}

export interface SpawnServiceOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Print the service's output prefixed with its name (dev), or keep it quiet (tests). */
  echo: boolean;
}

/**
 * Runs a stand-in as its own process group, so stopping it also stops anything it spawned
 * (`next dev` forks workers) and Ctrl-C leaves nothing running.
 */
export function spawnService(options: SpawnServiceOptions): ChildService {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 60) lines.shift();
      if (options.echo) process.stdout.write(`[${options.name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let exited = child.exitCode !== null;
  let stopping = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      // A stand-in dying mid-run otherwise shows up only as ECONNREFUSED in whatever ran next, with
      // its last words kept quiet (tests run without echo): say it once, loudly, with those words.
      if (!stopping) {
        process.stderr.write(
          `[${options.name}] exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}). Its last output:\n` +
            `${lines.map((line) => `[${options.name}] ${line}`).join('\n')}\n`,
        );
      }
      resolve();
    });
  });

  return {
    name: options.name,
    process: child,
    recentOutput: () => lines.join('\n'),
    async stop() {
      stopping = true;
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const forced = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exitPromise;
      clearTimeout(forced);
    },
  };
}

/** Polls a URL until it answers (any HTTP status) or the service dies or the deadline passes. */
export async function waitForHttp(service: ChildService, url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.process.exitCode !== null || service.process.signalCode !== null) {
      throw new Error(`${service.name} exited before it was ready:\n${service.recentOutput()}`);
    }
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${service.name} did not answer at ${url} within ${Math.round(timeoutMs / 1000)} s:\n${service.recentOutput()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
