import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { getEnv } from '../config/env';
import { nodeHttpFetch } from '../http/node-http-fetch';

export type Database = SupabaseClient;

let adminClient: Database | undefined;

/**
 * The secret-key (service_role) client. It bypasses RLS, so it lives only in server code
 * (`server-only` makes importing it from a client component a build error) and is passed to
 * repositories explicitly rather than imported by them.
 */
export function getAdminDatabase(): Database {
  if (!adminClient) {
    const env = getEnv();
    adminClient = createDatabaseClient(env.SUPABASE_URL, env.SUPABASE_SECRET_KEY);
  }
  return adminClient;
}

/**
 * Builds a supabase-js client for server use: no session persistence, and node:http instead of the
 * platform fetch (see nodeHttpFetch: its garbage outlives the young GC). Realtime uses Node's own
 * WebSocket (global since Node 22).
 */
export function createDatabaseClient(url: string, key: string): Database {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: nodeHttpFetch },
  });
}
