/**
 * Shared by the security and bad-input reliability tests: a snapshot of everything the app could
 * change (every public table's rows, the simulator's booking requests) to prove that a refused
 * request changed nothing, the list of tables (read from the migrations), and a small seeded
 * random generator for fuzzing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { testDatabase } from '../support/app-client';
import { getTestStack } from '../support/test-stack';

const MIGRATIONS_DIR = path.join(process.cwd(), 'supabase/migrations');

/** Every table the migrations create in the public schema, in creation order. */
export function publicTablesFromMigrations(): string[] {
  const tables: string[] = [];
  for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql')).sort()) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    for (const match of sql.matchAll(/^\s*create\s+table\s+(?:if\s+not\s+exists\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gim)) {
      if (!tables.includes(match[1]!)) tables.push(match[1]!);
    }
  }
  return tables;
}

/** Every function the migrations create (callable through PostgREST's /rpc if granted). */
export function publicFunctionsFromMigrations(): string[] {
  const names = new Set<string>();
  for (const file of fs.readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql'))) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    for (const match of sql.matchAll(/create\s+(?:or\s+replace\s+)?function\s+(?:public\.)?([a-z_][a-z0-9_]*)\s*\(/gi)) names.add(match[1]!);
  }
  return [...names];
}

/**
 * Columns that legitimately move without any request of ours being accepted: AimHarder session
 * refreshes (a member's client logs in again when its cookie ages out).
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  aimharder_credentials: ['session_ciphertext', 'session_refreshed_at', 'updated_at', 'fingerprint'],
};

export interface StateSnapshot {
  tables: Record<string, string[]>;
  /** /api/book requests the AimHarder simulator received (any class, any member). */
  bookRequests: number;
}

export async function allSimBookRequests(): Promise<number> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/requests`);
  const body = (await response.json()) as { requests: Array<{ path: string }> };
  return body.requests.filter((request) => request.path.endsWith('/api/book')).length;
}

/** Every row of every public table (secret key) plus the simulator's booking requests. */
export async function snapshotState(): Promise<StateSnapshot> {
  const db = testDatabase();
  const tables = publicTablesFromMigrations();
  const [rows, bookRequests] = await Promise.all([
    Promise.all(
      tables.map(async (table) => {
        const { data, error } = await db.from(table).select('*').limit(10_000);
        if (error) throw new Error(`snapshot of ${table} failed: ${error.message}`);
        const volatile = VOLATILE_COLUMNS[table] ?? [];
        const lines = (data as Array<Record<string, unknown>>)
          .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !volatile.includes(column)))))
          .sort();
        return [table, lines] as const;
      }),
    ),
    allSimBookRequests(),
  ]);
  return { tables: Object.fromEntries(rows), bookRequests };
}

/** What differs between two snapshots, one readable line per table (empty when nothing changed). */
export function diffSnapshots(before: StateSnapshot, after: StateSnapshot): string[] {
  const changes: string[] = [];
  for (const table of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const was = new Set(before.tables[table] ?? []);
    const now = new Set(after.tables[table] ?? []);
    const added = [...now].filter((row) => !was.has(row));
    const removed = [...was].filter((row) => !now.has(row));
    if (added.length || removed.length) {
      changes.push(`${table}: +${added.length} -${removed.length} ${added.concat(removed).slice(0, 2).map((row) => row.slice(0, 300)).join(' | ')}`);
    }
  }
  if (before.bookRequests !== after.bookRequests) changes.push(`simulator /api/book requests: ${before.bookRequests} → ${after.bookRequests}`);
  return changes;
}

/** mulberry32: a tiny deterministic generator, so a fuzz failure can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const JUNK_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '😀🏋️‍♀️',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ',
  '\u202Eevil',
  "'; drop table prebookings; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  '-1',
  '1e309',
  'x'.repeat(5_000),
];

const JUNK_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, -0, [], {}, [1, 2], { a: { b: { c: [] } } }];

/** A random JSON value of any shape, biased towards what breaks parsers and schemas. */
export function junkValue(random: () => number, depth = 0): unknown {
  const roll = random();
  if (roll < 0.45) return JUNK_STRINGS[Math.floor(random() * JUNK_STRINGS.length)];
  if (roll < 0.8 || depth > 2) return JUNK_VALUES[Math.floor(random() * JUNK_VALUES.length)];
  if (roll < 0.9) return Array.from({ length: 1 + Math.floor(random() * 3) }, () => junkValue(random, depth + 1));
  return { [JUNK_STRINGS[Math.floor(random() * 6)]!]: junkValue(random, depth + 1) };
}

/**
 * A mutation of a valid object: one field replaced by junk, removed, or an unknown field added.
 * Callers keep only the mutations the route's own schema refuses (junk can happen to be valid).
 */
export function mutateObject(valid: Record<string, unknown>, random: () => number): { body: Record<string, unknown>; how: string } {
  const keys = Object.keys(valid);
  const roll = random();
  const key = keys[Math.floor(random() * keys.length)]!;
  if (roll < 0.6) {
    const value = junkValue(random);
    return { body: { ...valid, [key]: value }, how: `${key}=${JSON.stringify(value).slice(0, 40)}` };
  }
  if (roll < 0.8) {
    const { [key]: _removed, ...rest } = valid;
    return { body: rest, how: `without ${key}` };
  }
  const extra = `extra_${Math.floor(random() * 1000)}`;
  return { body: { ...valid, [extra]: junkValue(random) }, how: `with unknown field ${extra}` };
}
