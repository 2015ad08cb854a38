/**
 * Runs in its own process for postgres-connection-loss.test.ts, so that a driver bug that throws
 * from a timer (and so kills whatever process holds the connection) shows up as this process's
 * exit, not as the test runner's.
 *
 * Between the driver and the database sits a TCP proxy that can close the connection from the
 * server's side (FIN), as a pooler, a restarting database or `pg_terminate_backend` does. Prints one
 * JSON line with what each step saw.
 *
 *   tsx tests/reliability/postgres-connection-loss-worker.ts <postgres url>
 */
import net from 'node:net';
import postgres from 'postgres';

const target = new URL(process.argv[2] ?? '');
const open: net.Socket[] = [];
const proxy = net.createServer((client) => {
  const upstream = net.connect(Number(target.port), target.hostname);
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => {});
  upstream.on('error', () => {});
  open.push(client, upstream);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const viaProxy = new URL(target);
viaProxy.port = String((proxy.address() as net.AddressInfo).port);

function closeFromServerSide(): Promise<void> {
  for (const socket of open.splice(0)) socket.end();
  return new Promise((resolve) => setTimeout(resolve, 200));
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return `rejected ${(error as { code?: string }).code ?? String(error)}`;
  }
}

// One connection, reserved as kysely-postgres-js (and so @supabase/lite) reserves one per request.
const sql = postgres(viaProxy.toString(), { max: 1, onnotice: () => {} });
const reserved = await sql.reserve();
await reserved`select 1`;
await closeFromServerSide();
const queryOnClosedReservation = await outcome(() => reserved`select 2`);
reserved.release();
// The pool's only connection closed while reserved: the next reservation must get a live one.
const nextReservation = await outcome(async () => {
  const again = await sql.reserve();
  try {
    await again`select 3`;
  } finally {
    again.release();
  }
});
await sql.end({ timeout: 1 });
proxy.close();
console.log(JSON.stringify({ queryOnClosedReservation, nextReservation }));
