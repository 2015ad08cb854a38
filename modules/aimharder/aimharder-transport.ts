import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { AimHarderCookieJar } from './aimharder-cookie-jar';
import { AimHarderTransportError } from './aimharder-errors';

/**
 * HTTP for the AimHarder client: the platform `fetch` (looked up on every call, so msw can
 * intercept it in tests) driven by a process-wide keep-alive undici dispatcher (so a warmed
 * connection serves the booking request without DNS, TCP or TLS setup, across client instances).
 * Redirects are followed by hand so cookies set on an intermediate hop are kept.
 */

// Idle sockets are kept well past the few seconds between warm-up and the booking instant;
// a server `Keep-Alive: timeout=N` hint still shortens it, so we never reuse a socket it closed.
const KEEP_ALIVE_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_MAX_TIMEOUT_MS = 120_000;

const dispatchers = new Map<string, Dispatcher>();

/** One pool per proxy (or none), shared by every client in the process. */
export function sharedDispatcher(proxyUrl?: string): Dispatcher {
  const key = proxyUrl ?? '';
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const options = { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, keepAliveMaxTimeout: KEEP_ALIVE_MAX_TIMEOUT_MS };
    dispatcher = proxyUrl ? new ProxyAgent({ uri: proxyUrl, ...options }) : new Agent(options);
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Closes the shared pools (tests, graceful shutdown). The next call opens new ones. */
export async function closeSharedDispatchers(): Promise<void> {
  const open = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(open.map((dispatcher) => dispatcher.close().catch(() => undefined)));
}

export interface HttpCall {
  /** Short name for logs and errors: "login", "book"… */
  endpoint: string;
  method: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** 0 = return a 3xx as is. */
  maxRedirects: number;
  /**
   * Holds the request back by one byte: the headers and all of the body but its last byte leave at
   * once (on a warm connection, or opening one), the last byte when this promise resolves. A server
   * acts on a request only once it is complete, so the request counts as sent at the release, which
   * then costs one small socket write instead of building a whole request.
   */
  holdLastByteUntil?: Promise<unknown>;
}

export interface HttpAnswer {
  status: number;
  url: string;
  contentType: string;
  body: string;
  durationMs: number;
  /** The answer's `Date` header (the server's clock, 1 s resolution), for the box clock estimate. */
  date: string | null;
}

export interface HttpContext {
  cookies: AimHarderCookieJar;
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** Called just before each hop goes out, e.g. to re-scope the auth cookie to its host. */
  beforeHop?: (url: string) => void;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Sends one call; throws `AimHarderTransportError` for timeouts and network failures only. */
export async function sendHttp(call: HttpCall, context: HttpContext): Promise<HttpAnswer> {
  const startedAt = performance.now();
  // One deadline for the whole call: every hop and the body read share it. Cleared on the way out:
  // an AbortSignal.timeout() would keep its timer, and through fetch's abort listener the request
  // and response, alive for the whole timeout after the answer (10 s of executions, for the GC to copy).
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('The operation timed out.', 'TimeoutError')), context.timeoutMs);
  const signal = deadline.signal;
  let url = call.url;
  let method = call.method;
  let body = call.body;
  let headers = call.headers;
  try {
    for (let hop = 0; ; hop += 1) {
      context.beforeHop?.(url);
      const cookie = context.cookies.cookieHeader(url);
      const held = hop === 0 && call.holdLastByteUntil && body ? heldBody(body, call.holdLastByteUntil) : null;
      const init = {
        method,
        headers: { ...headers, ...(cookie ? { cookie } : {}), ...(held ? { 'content-length': String(held.length) } : {}) },
        body: held ? held.stream : body,
        ...(held ? { duplex: 'half' } : {}),
        redirect: 'manual',
        signal,
        dispatcher: context.dispatcher,
      };
      const response = await globalThis.fetch(url, init as RequestInit);
      context.cookies.storeSetCookies(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (REDIRECT_STATUSES.has(response.status) && location && hop < call.maxRedirects) {
        await response.body?.cancel().catch(() => undefined);
        url = new URL(location, url).toString();
        if (response.status !== 307 && response.status !== 308) {
          method = 'GET';
          body = undefined;
          headers = withoutContentType(headers);
        }
        continue;
      }
      const text = await response.text();
      await settleConnection();
      return {
        status: response.status,
        url,
        contentType: response.headers.get('content-type') ?? '',
        body: text,
        durationMs: performance.now() - startedAt,
        date: response.headers.get('date'),
      };
    }
  } catch (error) {
    if (error instanceof AimHarderTransportError) throw error;
    const timedOut = signal.aborted;
    const detail = timedOut ? `no answer within ${context.timeoutMs} ms` : networkDetail(error);
    throw new AimHarderTransportError(call.endpoint, `AimHarder ${call.endpoint}: ${detail}`, { timedOut }, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** A request body whose last byte waits for `release`; its length is declared, so nothing is chunked. */
function heldBody(body: string, release: Promise<unknown>): { stream: ReadableStream<Uint8Array>; length: number } {
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.length > 1) controller.enqueue(bytes.subarray(0, bytes.length - 1));
      // By the release the request may have failed or timed out, which closed the stream already.
      release.then(
        () => {
          try {
            controller.enqueue(bytes.subarray(bytes.length - 1));
            controller.close();
          } catch {}
        },
        (error: unknown) => {
          try {
            controller.error(error);
          } catch {}
        },
      );
    },
  });
  return { stream, length: bytes.length };
}

/**
 * Lets undici hand the socket back to its pool before the caller's next request. `text()`
 * resolves a little before that; a back-to-back request then finds the socket busy, opens a second
 * connection, and (measured on Node 20, and again on Node 24) undici closes one of them after
 * every response, so nothing stays warm. Two turns of the event loop are enough; the booking
 * request itself is never delayed by this, only what follows an answer.
 */
function settleConnection(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}

function networkDetail(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  return code ? `network error ${code} (${message})` : `network error (${message})`;
}
