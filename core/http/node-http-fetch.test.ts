import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeHttpFetch } from './node-http-fetch';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('nodeHttpFetch against a real local server', () => {
  const seen: Seen[] = [];
  let baseUrl = '';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const path = request.url!.split('?')[0];
      if (path === '/json') {
        response.writeHead(201, 'Made', [['content-type', 'application/json'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['content-range', '0-0/1']]);
        response.end(JSON.stringify({ ok: true }));
      } else if (path === '/gzip') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(zlib.gzipSync(JSON.stringify({ zipped: 'é'.repeat(10) })));
      } else if (path === '/empty') {
        response.writeHead(204);
        response.end();
      } else if (path === '/slow') {
        setTimeout(() => response.end('late'), 2_000);
      } else if (path === '/error') {
        response.writeHead(409, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: '23505', message: 'duplicate' }));
      } else {
        response.writeHead(404);
        response.end('no');
      }
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('sends the method, headers and body, and hands back status, headers (repeated ones too) and body', async () => {
    const response = await nodeHttpFetch(`${baseUrl}/json?select=*`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Prefer: 'return=representation' },
      body: JSON.stringify({ name: 'Ñandú' }),
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-range')).toBe('0-0/1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/json?select=*', body: '{"name":"Ñandú"}' });
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', prefer: 'return=representation', 'content-length': String(Buffer.byteLength('{"name":"Ñandú"}')) });
  });

  test('bytes and URLSearchParams bodies are sent as they are', async () => {
    await nodeHttpFetch(`${baseUrl}/json`, { method: 'PUT', body: new TextEncoder().encode('raw bytes') });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: 'raw bytes' });
    await nodeHttpFetch(`${baseUrl}/json`, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    expect(seen.at(-1)!.body).toBe('a=1+2');
    expect(seen.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  test('a compressed answer is decoded, and no longer claims an encoding', async () => {
    const response = await nodeHttpFetch(`${baseUrl}/gzip`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.json()).toEqual({ zipped: 'é'.repeat(10) });
  });

  test('no body for 204 and for HEAD; an error status is an answer, not a rejection', async () => {
    const empty = await nodeHttpFetch(`${baseUrl}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const head = await nodeHttpFetch(`${baseUrl}/json`, { method: 'HEAD' });
    expect(head.status).toBe(201);
    expect(head.body).toBeNull();
    const conflict = await nodeHttpFetch(`${baseUrl}/error`);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ code: '23505', message: 'duplicate' });
  });

  test('an abort rejects with the signal’s reason, before or during the call', async () => {
    const early = new AbortController();
    early.abort(new Error('stopped before'));
    await expect(nodeHttpFetch(`${baseUrl}/json`, { signal: early.signal })).rejects.toThrow('stopped before');

    const during = new AbortController();
    const pending = nodeHttpFetch(`${baseUrl}/slow`, { signal: during.signal });
    setTimeout(() => during.abort(new Error('stopped during')), 50);
    const started = performance.now();
    await expect(pending).rejects.toThrow('stopped during');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  test('an unreachable server rejects with a TypeError, as fetch does', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(nodeHttpFetch(`http://127.0.0.1:${port}/`)).rejects.toBeInstanceOf(TypeError);
  });

  test('a streamed body goes to the platform fetch, which sends it all the same', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('streamed'));
        controller.close();
      },
    });
    const response = await nodeHttpFetch(`${baseUrl}/json`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(201);
    expect(seen.at(-1)!.body).toBe('streamed');
  });
});
