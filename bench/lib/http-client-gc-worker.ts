/**
 * One HTTP client under a GC trace, for `bench:http-client`: runs with `--trace-gc-nvp`, makes
 * `--requests` JSON POSTs to `--url` one after another with the client named by `--client`, and
 * prints BEGIN/END markers around the measured part so the parent reads only its GC lines.
 */
import { CLIENTS } from './http-clients';

function flag(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const client = CLIENTS[flag('client')];
  if (!client) throw new Error(`unknown client; one of ${Object.keys(CLIENTS).join(', ')}`);
  const url = flag('url');
  const requests = Number(flag('requests'));
  // A PostgREST-like insert: a row of a dozen columns.
  const body = JSON.stringify({ id: crypto.randomUUID(), status: 'scheduled', member_id: crypto.randomUUID(), box_id: 10122, class_id: 1234567, detail: { attempt: 1, note: 'x'.repeat(200) } });
  for (let i = 0; i < 200; i += 1) await client(url, body); // warm: connections, JIT
  process.stdout.write('BEGIN\n');
  const started = performance.now();
  for (let i = 0; i < requests; i += 1) await client(url, body);
  const elapsedMs = performance.now() - started;
  process.stdout.write(`END elapsed_ms=${elapsedMs.toFixed(1)}\n`);
  process.exit(0);
}

await main();
