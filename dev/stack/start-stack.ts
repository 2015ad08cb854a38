import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_DEFAULTS } from '../../core/config/local-defaults';
import { createPushControlClient } from '../push/push-control-client';
import { ensurePushTls } from '../push/push-tls';
import { spawnService, waitForHttp, type ChildService } from './child-service';

export interface StackPorts {
  postgres: number;
  supabase: number;
  qstash: number;
  aimharder: number;
  app: number;
  /** MailDev's SMTP and web inbox; both set = start MailDev (dev and tests; benchmarks skip it). */
  mailSmtp?: number;
  mailWeb?: number;
  /** dev/push, the Web Push service stand-in (https); set = start it (dev and tests). */
  push?: number;
}

export interface StartStackOptions {
  ports: StackPorts;
  projectRoot: string;
  /** Where Postgres and dev/qstash keep their data. */
  dataDir: string;
  /** dev: keep data between runs; test: a fresh database that is deleted on stop. */
  persistent: boolean;
  /** How to run Next: `dev` (next dev), `start` (next start of a build), or not at all. */
  next: 'dev' | 'start' | 'none';
  nextDistDir?: string;
  echo: boolean;
  /** Extra flags for dev/qstash (fault injection in benchmarks). */
  qstashArgs?: string[];
  /** Extra environment for the Next app (timing parameters in tests and benchmarks). */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface RunningStack {
  /** `mail` is MailDev's web inbox (REST API under /api/email), when it was started. */
  urls: { app: string; supabase: string; qstash: string; aimharder: string; mail?: string; push?: string };
  /** dev/push's self-signed certificate (PEM), which the app trusts through NODE_EXTRA_CA_CERTS. */
  pushCertificate?: string;
  /** The environment the app runs with: what a script needs to talk to the same services. */
  env: Record<string, string>;
  services: ChildService[];
  stop(): Promise<void>;
}

function withPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

const TSX = path.join('node_modules', '.bin', 'tsx');
const NEXT = path.join('node_modules', '.bin', 'next');
const MAILDEV = path.join('node_modules', '.bin', 'maildev');

/**
 * Starts the local stand-ins in dependency order, each in its own process, waiting for each to
 * answer before the next: Postgres + migrations + Supabase API → dev/qstash → dev/aimharder →
 * MailDev and dev/push (when their ports are given) → Next. Used by `npm run dev` (dev/start.ts), the test global
 * setup and the benchmarks.
 */
export async function startStack(options: StartStackOptions): Promise<RunningStack> {
  const { ports } = options;
  const log = options.log ?? (() => {});
  const withMail = ports.mailSmtp !== undefined && ports.mailWeb !== undefined;
  const withPush = ports.push !== undefined;
  const urls: RunningStack['urls'] = {
    app: `http://127.0.0.1:${ports.app}`,
    supabase: `http://127.0.0.1:${ports.supabase}`,
    qstash: `http://127.0.0.1:${ports.qstash}`,
    aimharder: `http://127.0.0.1:${ports.aimharder}`,
    ...(withMail ? { mail: `http://127.0.0.1:${ports.mailWeb}` } : {}),
    ...(withPush ? { push: `https://127.0.0.1:${ports.push}` } : {}),
  };
  const pushTls = withPush ? await ensurePushTls(path.join(options.dataDir, 'push')) : undefined;
  const env: Record<string, string> = {
    ...LOCAL_DEFAULTS,
    APP_BASE_URL: urls.app,
    SUPABASE_URL: urls.supabase,
    DATABASE_URL: withPort(LOCAL_DEFAULTS.DATABASE_URL, ports.postgres),
    QSTASH_URL: urls.qstash,
    AIMHARDER_LOGIN_BASE_URL: `${urls.aimharder}/login-host`,
    AIMHARDER_MAIN_BASE_URL: `${urls.aimharder}/main`,
    AIMHARDER_BOX_BASE_URL_TEMPLATE: `${urls.aimharder}/box/{box}`,
    ...(withMail ? { SMTP_URL: `smtp://127.0.0.1:${ports.mailSmtp}` } : {}),
    ...(urls.push && pushTls ? { PUSH_DEV_SERVICE_ORIGIN: urls.push, NODE_EXTRA_CA_CERTS: pushTls.certPath } : {}),
    ...options.appEnv,
  };
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NEXT_TELEMETRY_DISABLED: '1',
    LITE_TELEMETRY: '0',
    UPSTASH_DISABLE_TELEMETRY: '1',
  };
  fs.mkdirSync(options.dataDir, { recursive: true });
  const services: ChildService[] = [];
  const stop = async () => {
    for (const service of [...services].reverse()) await service.stop();
  };

  try {
    log('starting PostgreSQL + Supabase API…');
    const database = spawnService({
      name: 'database',
      command: TSX,
      args: [
        'dev/stack/database-cli.ts',
        '--data-dir', path.join(options.dataDir, 'postgres'),
        '--pg-port', String(ports.postgres),
        '--api-port', String(ports.supabase),
        ...(options.persistent ? [] : ['--ephemeral']),
      ],
      env: baseEnv,
      cwd: options.projectRoot,
      echo: options.echo,
    });
    services.push(database);
    await waitForHttp(database, `${urls.supabase}/rest/v1/`, 60_000);

    log('starting dev/qstash…');
    const qstash = spawnService({
      name: 'qstash',
      command: TSX,
      args: [
        'dev/qstash/cli.ts',
        '--port', String(ports.qstash),
        ...(options.persistent ? ['--data-file', path.join(options.dataDir, 'qstash.json')] : []),
        ...(options.qstashArgs ?? []),
      ],
      env: baseEnv,
      cwd: options.projectRoot,
      echo: options.echo,
    });
    services.push(qstash);
    await waitForHttp(qstash, `${urls.qstash}/v2/keys`, 30_000, { authorization: `Bearer ${env.QSTASH_TOKEN}` });

    log('starting dev/aimharder…');
    const aimharder = spawnService({
      name: 'aimharder',
      command: TSX,
      args: ['dev/aimharder/cli.ts', '--port', String(ports.aimharder)],
      env: baseEnv,
      cwd: options.projectRoot,
      echo: options.echo,
    });
    services.push(aimharder);
    await waitForHttp(aimharder, `${urls.aimharder}/__sim/boxes`, 30_000);

    if (withMail) {
      log('starting MailDev…');
      const maildev = spawnService({
        name: 'maildev',
        command: MAILDEV,
        args: [
          '--smtp', String(ports.mailSmtp),
          '--web', String(ports.mailWeb),
          '--ip', '127.0.0.1',
          '--web-ip', '127.0.0.1',
          '--mail-directory', path.join(options.dataDir, 'maildev'),
        ],
        env: baseEnv,
        cwd: options.projectRoot,
        echo: options.echo,
      });
      services.push(maildev);
      await waitForHttp(maildev, `${urls.mail}/api/healthz`, 30_000);
    }

    if (urls.push && pushTls) {
      log('starting dev/push…');
      const push = spawnService({
        name: 'push',
        command: TSX,
        args: ['dev/push/cli.ts', '--port', String(ports.push), '--tls-dir', path.dirname(pushTls.certPath)],
        env: baseEnv,
        cwd: options.projectRoot,
        echo: options.echo,
      });
      services.push(push);
      await waitForPushService(push, urls.push, pushTls.cert);
    }

    if (options.next !== 'none') {
      log(options.next === 'dev' ? 'starting next dev…' : 'starting next start…');
      const nextEnv: NodeJS.ProcessEnv = {
        ...baseEnv,
        ...(options.nextDistDir ? { PREBOOKER_NEXT_DIST_DIR: options.nextDistDir } : {}),
        // `next start` runs with NODE_ENV=production; locally it is fine to fall back to the
        // stand-ins' defaults for anything not set above.
        PREBOOKER_ALLOW_LOCAL_DEFAULTS: 'true',
      };
      const next = spawnService({
        name: 'next',
        command: NEXT,
        args: [options.next, '--port', String(ports.app), '--hostname', '127.0.0.1'],
        env: nextEnv,
        cwd: options.projectRoot,
        echo: options.echo,
      });
      services.push(next);
      await waitForHttp(next, `${urls.app}/api/health`, 120_000);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { urls, env, services, stop, ...(pushTls ? { pushCertificate: pushTls.cert } : {}) };
}

async function waitForPushService(service: ChildService, url: string, cert: string): Promise<void> {
  const client = createPushControlClient(url, cert);
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (service.process.exitCode !== null || service.process.signalCode !== null) throw new Error(`push exited before it was ready:\n${service.recentOutput()}`);
      try {
        await client.health();
        return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`push did not answer at ${url} within 30 s:\n${service.recentOutput()}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  } finally {
    await client.close();
  }
}
