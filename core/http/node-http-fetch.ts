import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

// An idle kept-alive socket is closed after 4 s (undici's default too), before servers usually drop
// theirs (5 s and up), so that a call rarely lands on a socket the server is closing.
const agentOptions = { keepAlive: true, maxSockets: 64, timeout: 4_000 };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) } as const;

/** Like undici's default headers and body timeouts: a peer that stops answering fails the call. */
const IDLE_TIMEOUT_MS = 300_000;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for server-side API clients that send and receive whole JSON bodies (supabase-js):
 * node:http(s) with keep-alive agents, the response body buffered into a `Response`.
 *
 * Why not the platform fetch: Node's fetch (undici) ties each call's request and response to
 * WeakRefs and FinalizationRegistry cells, which V8's young-generation GC treats as strong. Every
 * call's objects are therefore promoted to the old generation and only die at the next full GC.
 * Measured on this machine (`npm run bench:http-client`, 5,000 JSON POSTs to a local server): fetch
 * promoted 77 MB on Node 20 and still 56 MB on Node 24 (~4.4 MB per scavenge), against 0.1 MB over
 * node:http and over this function, and 0.2 MB with `undici.request` (BENCHMARKS.md). In the app
 * those long scavenges land on whatever request is running, such as a booking about to be sent.
 *
 * A body it cannot send as bytes (a stream, a form) and a `Request` object go to the platform fetch.
 */
export async function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request) return fetch(input, init);
  const payload = bodyBytes(init.body);
  if (payload === 'unsupported') return fetch(input, init);
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);

  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (payload && !headers.has('content-length')) headers.set('content-length', String(payload.byteLength));
  if (payload && init.body instanceof URLSearchParams && !headers.has('content-type')) {
    headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  }
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');

  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(url, { method, headers: Object.fromEntries(headers), agent: agents[url.protocol as 'http:' | 'https:'] }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        signal?.removeEventListener('abort', abort);
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (let index = 0; index < response.rawHeaders.length; index += 2) {
          responseHeaders.append(response.rawHeaders[index]!, response.rawHeaders[index + 1]!);
        }
        let body: Buffer | null = NULL_BODY_STATUSES.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks);
        try {
          if (body) body = decode(body, responseHeaders.get('content-encoding'));
        } catch (error) {
          reject(new TypeError('fetch failed: the response body could not be decoded', { cause: error }));
          return;
        }
        // The body is decoded here, as fetch does: its encoding headers no longer describe it.
        if (body && responseHeaders.has('content-encoding')) {
          responseHeaders.delete('content-encoding');
          responseHeaders.delete('content-length');
        }
        resolve(new Response(body === null ? null : (body as Uint8Array<ArrayBuffer>), { status, statusText: response.statusMessage, headers: responseHeaders }));
      });
    });
    function fail(error: Error): void {
      signal?.removeEventListener('abort', abort);
      // fetch's contract: an aborted call rejects with the signal's reason, a network failure with a TypeError.
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    }
    function abort(): void {
      request.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    }
    signal?.addEventListener('abort', abort, { once: true });
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new Error(`no data for ${IDLE_TIMEOUT_MS} ms`)));
    request.on('error', fail);
    request.end(payload ?? undefined);
  });
}

function bodyBytes(body: RequestInit['body']): Uint8Array | null | 'unsupported' {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return 'unsupported';
}

function decode(body: Buffer, encoding: string | null): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      // Servers send either zlib-wrapped or raw deflate under this name; fetch accepts both.
      try {
        return zlib.inflateSync(body);
      } catch {
        return zlib.inflateRawSync(body);
      }
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      throw new Error(`unsupported content-encoding ${encoding}`);
  }
}
