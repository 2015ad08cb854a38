import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { App, splitSqlStatements } from '@supabase/lite';
import { applyPendingMigrations } from '@supabase/lite/cli';
import { createPostgresConnection } from '@supabase/lite/postgres';
import { createAdaptorServer } from '@hono/node-server';

export interface LiteKeys {
  publishableKey: string;
  secretKey: string;
  jwtSecret: string;
}

export interface RunningLite {
  url: string;
  port: number;
  appliedMigrations: string[];
  stop(): Promise<void>;
}

export interface StartLiteOptions extends LiteKeys {
  databaseUrl: string;
  port: number;
  /** Project root holding `supabase/migrations` and `supabase/seed.sql`. */
  projectRoot: string;
  seed: boolean;
}

/**
 * Serves a PostgREST/GoTrue-compatible API (`@supabase/lite`) over our real Postgres, after
 * applying `supabase/migrations` — lite never sees DDL applied after it starts, so the order matters.
 */
export async function startSupabaseLite(options: StartLiteOptions): Promise<RunningLite> {
  const connection = createPostgresConnection({
    url: options.databaseUrl,
    // Postgres NOTICEs (e.g. "relation already exists, skipping") would otherwise go to stdout.
    postgresOptions: { onnotice: () => {} },
  });
  // lite's typings split one config type across two declaration chunks; the runtime shape is the
  // documented one (see ../shared/reference/supabase-lite.md §2).
  const app = new App({
    connection,
    auth: {
      enabled: true,
      jwt_secret: options.jwtSecret,
      enable_signup: false,
      publishable_key: options.publishableKey,
      secret_key: options.secretKey,
      email: { enable_confirmations: false },
    },
  } as never) as unknown as Parameters<typeof applyPendingMigrations>[0];

  // applyPendingMigrations reads <cwd>/supabase/migrations.
  const previousCwd = process.cwd();
  let applied: string[] = [];
  try {
    process.chdir(options.projectRoot);
    const result = await applyPendingMigrations(app);
    applied = result.applied.map((file) => path.basename(file.path));
  } finally {
    process.chdir(previousCwd);
  }

  const seedPath = path.join(options.projectRoot, 'supabase', 'seed.sql');
  if (options.seed && fs.existsSync(seedPath)) {
    const statements = splitSqlStatements(fs.readFileSync(seedPath, 'utf8'));
    if (statements.length > 0) await app.connection.transaction(statements);
  }

  const server = createAdaptorServer({
    fetch: (request: Request, env: { incoming?: { socket?: { remoteAddress?: string } } } | undefined) =>
      app.fetch(request, { peerAddress: env?.incoming?.socket?.remoteAddress ?? null }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} for the Supabase API is taken: set PREBOOKER_SUPABASE_PORT to another port.`)
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    appliedMigrations: applied,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.connection.close();
    },
  };
}
