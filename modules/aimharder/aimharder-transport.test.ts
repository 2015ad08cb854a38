import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAimHarderClient } from './aimharder-client';
import { closeSharedDispatchers } from './aimharder-transport';
import type { AimHarderHosts } from './aimharder-hosts';
import { createCapturingLogger } from './test-support/aimharder-msw';

/**
 * Real sockets, no msw: a node:http server laid out like the local simulator (host-only cookie
 * on 127.0.0.1, path-prefixed hosts) proves connection reuse, the headers on the wire, cookie
 * scoping and the proxy.
 */
interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  socket: number;
  body: string;
  headersAtMs: number;
  completedAtMs: number;
}

let server: http.Server;
let baseUrl: string;
let connections = 0;
/** The next answer says `Connection: close`, as a server does at its keep-alive limit. */
let closeNext = false;
/** The next booking request's connection is dropped as soon as its headers arrive. */
let dropNextBook = false;
/** Paths whose headers have arrived, complete or not. */
const arriving: string[] = [];
const seen: SeenRequest[] = [];
const socketIds = new WeakMap<net.Socket, number>();

function reply(res: http.ServerResponse, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const connection: Record<string, string> = closeNext ? { connection: 'close' } : {};
  closeNext = false;
  res.writeHead(200, { 'content-type': 'application/json', ...connection, ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const headersAtMs = performance.now();
    arriving.push(new URL(req.url ?? '/', 'http://x').pathname);
    if (dropNextBook && arriving.at(-1) === '/box/mybox/api/book') {
      dropNextBook = false;
      req.socket.destroy();
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      seen.push({ method: req.method ?? '', path, headers: req.headers, socket: socketIds.get(req.socket) ?? -1, body, headersAtMs, completedAtMs: performance.now() });
      const authed = /amhrdrauth=tok-1/.test(req.headers.cookie ?? '');
      switch (path) {
        case '/login-host/api/login':
          return reply(res, { data: { userData: { id: 7, name: 'Ana', roles: [{ role: 'client', boid: 1, gym: 'Box', centre_url: 'mybox.aimharder.com' }] }, auth: { authOK: true, refreshToken: 'rt' } } }, {
            'set-cookie': ['amhrdrauth=tok-1; Path=/; HttpOnly', 'AWSALB=x; Path=/'],
          });
        case '/main/setrefresh':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html></html>');
        case '/main/api/whoami':
          return reply(res, authed ? { data: [{ id: 7, name: 'Ana', roles: [] }] } : { data: [] });
        case '/box/mybox/':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end();
        case '/box/mybox/api/bookings':
          return reply(res, { bookings: [{ id: 1, time: '07:00 - 08:00', className: 'WOD', bookState: authed ? 1 : null, idres: authed ? 9 : null }] });
        case '/box/mybox/api/book':
          return reply(res, authed ? { bookState: 1, id: '9' } : { logout: 1 });
        case '/box/mybox/api/cancelBook':
          return reply(res, authed ? { cancelState: 1 } : { logout: 1 });
        case '/box/mybox/api/nextBookings':
          return reply(res, authed ? { nextClasses: [], history: [] } : { logout: 1 });
        default:
          res.writeHead(404);
          return res.end();
      }
    });
  });
  server.on('connection', (socket: net.Socket) => {
    connections += 1;
    socketIds.set(socket, connections);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await closeSharedDispatchers();
  seen.length = 0;
  arriving.length = 0;
  connections = 0;
  dropNextBook = false;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function simulatorHosts(): AimHarderHosts {
  return { loginBaseUrl: `${baseUrl}/login-host`, mainBaseUrl: `${baseUrl}/main`, boxBaseUrlTemplate: `${baseUrl}/box/{box}` };
}

const BOX = { boxId: 1, subdomain: 'mybox' };
const CREDENTIALS = { email: 'ana@example.com', password: 'pw-123456' };

/** A client of the test server, signed in (its login is the first request the server sees). */
async function signedInClient() {
  const client = createAimHarderClient({ hosts: simulatorHosts(), credentials: CREDENTIALS, logger: createCapturingLogger() });
  await client.login();
  return client;
}

describe('keep-alive connection reuse', () => {
  it('serves login, warm-up and five box calls over one TCP connection, across client instances', async () => {
    const client = await signedInClient();
    await client.warmUp(BOX);
    const afterWarmUp = connections;
    expect(await client.listClasses(BOX, '2026-06-23')).toHaveLength(1);
    expect(await client.book(BOX, '2026-06-23', '1')).toEqual({ kind: 'booked', reservationId: '9' });
    expect(await client.cancel(BOX, '9')).toEqual({ kind: 'cancelled' });
    expect(await client.nextBookings(BOX)).toEqual([]);
    expect(await client.whoami()).toMatchObject({ userId: '7' });
    // The booking request found the warmed connection: no new connection after the warm-up.
    expect(connections).toBe(afterWarmUp);

    const second = createAimHarderClient({ hosts: simulatorHosts(), session: client.exportSession(), logger: createCapturingLogger() });
    await second.listClasses(BOX, '2026-06-23');
    await second.book(BOX, '2026-06-23', '1');

    expect(seen).toHaveLength(10);
    expect(connections).toBe(1);
    expect(new Set(seen.map((request) => request.socket))).toEqual(new Set([1]));
  });

  it('after the server closes a connection, the next one is kept and reused', async () => {
    const client = await signedInClient();
    closeNext = true;
    await client.warmUp(BOX);
    for (let call = 0; call < 5; call += 1) await client.listClasses(BOX, '2026-06-23');
    expect(connections).toBe(2);
  });

  it('sends realistic headers and the host-only simulator cookie to the box paths', async () => {
    const client = await signedInClient();
    await client.book(BOX, '2026-06-23', '1');
    const book = seen.find((request) => request.path === '/box/mybox/api/book');
    expect(book?.headers).toMatchObject({
      'user-agent': expect.stringMatching(/^Mozilla\/5\.0/),
      'x-requested-with': 'XMLHttpRequest',
      accept: 'application/json, text/javascript, */*; q=0.01',
      origin: baseUrl,
      referer: `${baseUrl}/box/mybox/schedule?cl`,
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      connection: 'keep-alive',
    });
    expect(book?.headers.cookie).toContain('amhrdrauth=tok-1');
    const login = seen.find((request) => request.path === '/login-host/api/login');
    expect(login?.headers.cookie).toBeUndefined();
  });
});

describe('a booking request held back by its last byte', () => {
  it('sends headers and all but one byte at once, on the warm connection, and completes at the release', async () => {
    const client = await signedInClient();
    await client.warmUp(BOX);
    const connectionsBefore = connections;
    let release!: () => void;
    const booking = client.book(BOX, '2026-06-23', '1', { holdLastByteUntil: new Promise<void>((resolve) => (release = resolve)) });

    await vi.waitFor(() => expect(arriving).toContain('/box/mybox/api/book'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Held: the server has the headers but not a complete request.
    expect(seen.map((request) => request.path)).not.toContain('/box/mybox/api/book');
    const releasedAtMs = performance.now();
    release();

    expect(await booking).toEqual({ kind: 'booked', reservationId: '9' });
    const book = seen.find((request) => request.path === '/box/mybox/api/book')!;
    expect(book.headersAtMs).toBeLessThan(releasedAtMs - 90);
    expect(book.completedAtMs).toBeGreaterThanOrEqual(releasedAtMs);
    expect(book.body).toBe('id=1&day=20260623&insist=0&familyId=');
    // A declared length, not a chunked body: what any web server accepts for a form post.
    expect(book.headers['content-length']).toBe(String(book.body.length));
    expect(book.headers['transfer-encoding']).toBeUndefined();
    expect(book.headers.cookie).toContain('amhrdrauth=tok-1');
    expect(connections).toBe(connectionsBefore);
  });

  it('a held request that fails before its release is a transport error, and the late release harms nothing', async () => {
    const client = await signedInClient();
    dropNextBook = true;
    let release!: () => void;
    const outcome = await client.book(BOX, '2026-06-23', '1', { holdLastByteUntil: new Promise<void>((resolve) => (release = resolve)) });
    expect(outcome).toMatchObject({ kind: 'transport_error' });
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The next booking goes through normally.
    expect(await client.book(BOX, '2026-06-23', '1')).toEqual({ kind: 'booked', reservationId: '9' });
    expect(seen.filter((request) => request.path === '/box/mybox/api/book')).toHaveLength(1);
  });
});

describe('outbound proxy', () => {
  it('tunnels every call through the configured proxy', async () => {
    const tunnels: string[] = [];
    const proxy = http.createServer((_req, res) => {
      res.writeHead(502);
      res.end();
    });
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const client = createAimHarderClient({ hosts: simulatorHosts(), credentials: CREDENTIALS, proxyUrl, logger: createCapturingLogger() });
      await client.login();
      expect(await client.book(BOX, '2026-06-23', '1')).toEqual({ kind: 'booked', reservationId: '9' });
      const held = client.book(BOX, '2026-06-23', '1', { holdLastByteUntil: new Promise((resolve) => setTimeout(resolve, 50)) });
      expect(await held).toEqual({ kind: 'booked', reservationId: '9' });
      expect(tunnels).toEqual([new URL(baseUrl).host]);
      expect(seen.map((request) => request.path)).toContain('/box/mybox/api/book');
    } finally {
      await closeSharedDispatchers();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
