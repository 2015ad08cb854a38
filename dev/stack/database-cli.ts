/**
 * Runs the local database stand-in as one process: a real PostgreSQL from npm, our migrations,
 * and @supabase/lite serving the Supabase HTTP API on top. Used by dev/start.ts and the tests.
 *
 *   tsx dev/stack/database-cli.ts --data-dir .data/postgres --pg-port 54329 --api-port 54321 [--ephemeral]
 */
import { parseArgs } from 'node:util';
import { setRolePassword, startEmbeddedPostgres } from './embedded-postgres';
import { startSupabaseLite } from './supabase-lite';

process.env.LITE_TELEMETRY = '0';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/postgres' },
    'pg-port': { type: 'string', default: '54329' },
    'api-port': { type: 'string', default: '54321' },
    database: { type: 'string', default: 'prebooker' },
    ephemeral: { type: 'boolean', default: false },
  },
});

const required = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set for the database stand-in.`);
  return value;
};

async function main(): Promise<void> {
  const started = Date.now();
  const postgres = await startEmbeddedPostgres({
    dataDir: values['data-dir']!,
    port: Number(values['pg-port']),
    database: values.database!,
    persistent: !values.ephemeral,
  });
  let lite;
  try {
    lite = await startSupabaseLite({
      databaseUrl: postgres.url,
      port: Number(values['api-port']),
      projectRoot: process.cwd(),
      seed: true,
      publishableKey: required('SUPABASE_PUBLISHABLE_KEY'),
      secretKey: required('SUPABASE_SECRET_KEY'),
      jwtSecret: required('SUPABASE_JWT_SECRET'),
    });
    // The app's direct connection (DATABASE_URL) signs in as a role the migrations just created.
    const appDatabaseUrl = new URL(required('DATABASE_URL'));
    const role = decodeURIComponent(appDatabaseUrl.username);
    if (role !== 'postgres') await setRolePassword(postgres.adminUrl, role, decodeURIComponent(appDatabaseUrl.password));
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  console.log(
    `database ready in ${Date.now() - started} ms: postgres ${postgres.url.replace(/:[^:@/]+@/, ':***@')}, Supabase API ${lite.url}` +
      (lite.appliedMigrations.length ? `, applied ${lite.appliedMigrations.join(', ')}` : ', migrations up to date'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await lite.stop().catch(() => {});
    await postgres.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * Losing PostgreSQL for a while (a restart, terminated backends, `allow_connections false` in the
 * database-outage test) must not take the API down with it: the real Supabase API keeps answering
 * (with errors) and reconnects. A connection error that escapes lite's own handling is logged and
 * served through; anything else still ends the process, loudly.
 */
const CONNECTION_LOSS_CODES = new Set(['57P01', '57P02', '57P03', '55000', '08006', '08003', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
function survivesConnectionLoss(kind: string) {
  return (error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && CONNECTION_LOSS_CODES.has(code)) {
      console.error(`${kind} while PostgreSQL was unreachable (${code}); the API keeps serving:`, error instanceof Error ? error.message : error);
      return;
    }
    console.error(`${kind}:`, error);
    process.exit(1);
  };
}
process.on('uncaughtException', survivesConnectionLoss('uncaught exception'));
process.on('unhandledRejection', survivesConnectionLoss('unhandled rejection'));

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
