/**
 * One disposable "serverless instance" of the execute route for crash-after-booking.test.ts: the
 * real route handler (signature check, claim, AimHarder client, database writes) served by plain
 * node:http in its own process. The shared Next server cannot be killed mid-suite (nothing would
 * restart it for the files after this one), so the process that PREBOOKER_FAULTS kills is this one.
 *
 *   node --conditions react-server --import tsx tests/reliability/crash-worker.ts
 *
 * `react-server` makes the route's `server-only` imports resolve as they do inside Next. The
 * environment is the stack's; APP_BASE_URL is set to this worker's own URL because QStash signs
 * each delivery for the URL it calls, and the route verifies exactly that.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.APP_BASE_URL = url;
const { POST } = await import('../../app/api/qstash/prebooking-execute/route');

server.on('request', (incoming: http.IncomingMessage, outgoing: http.ServerResponse) => {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === 'string') headers.set(name, value);
        else if (Array.isArray(value)) headers.set(name, value.join(', '));
      }
      const request = new Request(`${url}${incoming.url ?? '/'}`, {
        method: incoming.method,
        headers,
        body: incoming.method === 'GET' || incoming.method === 'HEAD' ? undefined : Buffer.concat(chunks),
      });
      const response = incoming.method === 'POST' && incoming.url === '/api/qstash/prebooking-execute' ? await POST(request) : new Response('not found', { status: 404 });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
});

console.log(`crash worker listening at ${url}`);
