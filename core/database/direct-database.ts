import 'server-only';
import postgres from 'postgres';
import { getEnv } from '../config/env';

/** A direct PostgreSQL connection pool (DATABASE_URL). */
export type DirectDatabase = postgres.Sql;

let directDatabase: DirectDatabase | undefined;

/**
 * The direct connection that carries an execution's own calls: its claim, the one call between a
 * QStash delivery and its booking request, then recording the fire and the outcome. Each is a
 * single round trip to Postgres, where the Supabase API costs an HTTP request and several
 * statements. It signs in as `prebooker_executor`, which may only call `claim_prebooking` and,
 * holding the lease token the claim handed out, `record_prebooking_fire` and
 * `finish_prebooking_execution`; everything else goes through the Supabase clients and their RLS.
 */
export function getDirectDatabase(): DirectDatabase {
  directDatabase ??= createDirectDatabase(getEnv().DATABASE_URL);
  return directDatabase;
}

export function createDirectDatabase(url: string): DirectDatabase {
  return postgres(url, {
    // A burst of deliveries queues here rather than opening a connection each.
    max: 10,
    // Supabase's pooler in transaction mode (port 6543), the one for serverless, has no prepared statements.
    prepare: false,
    // Unreachable is a failed delivery (5xx, QStash retries), not a hung one.
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
  });
}
