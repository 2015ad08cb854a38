import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { matchAimHarderRoute, type Reply, type SimHosts } from './aimharder-routes';
import { handleControlRequest, type SimController } from './control-routes';
import type { RequestLog } from './request-log';
import type { SimState } from './sim-state';
import type { SimEndpoint, SimRequestRecord } from './sim-types';

const BODY_LIMIT_BYTES = 256 * 1024;

export interface SimServerDeps {
  state: SimState;
  controller: SimController;
  requestLog: RequestLog;
  hosts: () => SimHosts;
  enableControlApi: boolean;
  random: () => number;
  logger?: (line: string) => void;
}

export interface SimServer {
  server: http.Server;
  /** Releases requests held by the timeout fault and closes every connection. */
  close(): Promise<void>;
}

/**
 * One `node:http` server for every host (login, main, each box) and the control API. The arrival
 * instant is read before anything else so `offsetMs` measures the client, not this process (for a
 * request with a body, again once its last byte is in).
 */
export function createSimServer(deps: SimServerDeps): SimServer {
  const held = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const arrivedAtMs = performance.timeOrigin + performance.now();
    // Stamped on the clock of the box the request is for (its own, if it has one).
    const serverTimeMs = deps.state.serverNow(boxOfUrl(request.url));
    handleRequest(deps, held, request, response, arrivedAtMs, serverTimeMs).catch((error: unknown) => {
      deps.logger?.(`internal error on ${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) writeReply(deps.state, response, { status: 500, json: { error: { code: 500, message: 'Internal Server Error' } } });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleRequest(
  deps: SimServerDeps,
  held: Set<NodeJS.Timeout>,
  request: IncomingMessage,
  response: ServerResponse,
  arrivedAtMs: number,
  headersServerTimeMs: number,
): Promise<void> {
  const method = request.method ?? 'GET';
  const rawUrl = request.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));

  if (path === '/__sim' || path.startsWith('/__sim/')) {
    if (!deps.enableControlApi) {
      request.resume();
      writeReply(deps.state, response, { status: 404, json: { error: { code: 'not_found', message: 'the control API is disabled' } } });
      return;
    }
    const body = await readBody(request);
    const reply =
      body === undefined
        ? { status: 413, json: { error: { code: 'payload_too_large', message: `the body is larger than ${BODY_LIMIT_BYTES} bytes` } } }
        : handleControlRequest(deps.controller, method, path, query, body);
    writeReply(deps.state, response, reply);
    return;
  }

  if (path === '/' && method === 'GET') {
    writeReply(deps.state, response, { status: 200, json: { simulator: 'aimharder', hosts: deps.hosts(), controlApi: deps.enableControlApi ? '/__sim/boxes' : null } });
    return;
  }

  const route = matchAimHarderRoute(method, path);
  const endpoint: SimEndpoint = route?.endpoint ?? 'unknown';
  const record = deps.requestLog.add({
    method,
    path,
    endpoint,
    ...(route?.subdomain !== undefined ? { box: route.subdomain } : {}),
    arrivedAtMs,
    serverTimeMs: headersServerTimeMs,
  });
  const body = route?.needsBody ? await readBody(request) : '';
  if (!route?.needsBody) request.resume();
  let serverTimeMs = headersServerTimeMs;
  if (route?.needsBody) {
    // A POST is judged when its last byte is in, as behind AimHarder's web server: a client may
    // send the headers early and hold the last byte back until the opening instant.
    serverTimeMs = deps.state.serverNow(route.subdomain);
    record.headersArrivedAtMs = arrivedAtMs;
    record.arrivedAtMs = performance.timeOrigin + performance.now();
    record.serverTimeMs = serverTimeMs;
    // AimHarder is a fleet of workers, this is one process: requests completing together are all
    // stamped before any is handled (in arrival order), so no arrival waits on another's handling.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const settings = deps.state.settings;
  const network = deps.state.latenciesFor(route?.subdomain);
  const faultable = settings.faultEndpoints === 'all' || settings.faultEndpoints.includes(endpoint);
  const failThisBook = endpoint === 'book' && settings.failNextBookRequests > 0;
  if (failThisBook) settings.failNextBookRequests -= 1;

  if (!failThisBook && faultable && settings.timeoutRate > 0 && deps.random() < settings.timeoutRate) {
    annotateUnprocessed(deps.state, record, endpoint, body, request.headers.cookie);
    record.result = { status: 504, fault: 'timeout' };
    const timer = setTimeout(() => {
      held.delete(timer);
      if (!response.destroyed) writeReply(deps.state, response, { status: 504, html: gatewayPage(504, 'Gateway Time-out') }, false, deps.state.serverNow(route?.subdomain));
    }, settings.timeoutHangMs);
    held.add(timer);
    response.on('close', () => {
      clearTimeout(timer);
      held.delete(timer);
    });
    return;
  }
  if (failThisBook || (faultable && settings.errorRate > 0 && deps.random() < settings.errorRate)) {
    annotateUnprocessed(deps.state, record, endpoint, body, request.headers.cookie);
    record.result = { status: 503, fault: 'error' };
    await delay(pick(network.latencyMs, deps.random));
    writeReply(deps.state, response, { status: 503, html: gatewayPage(503, 'Service Temporarily Unavailable') }, false, deps.state.serverNow(route?.subdomain));
    return;
  }

  const inbound = pick(network.inboundLatencyMs, deps.random);
  if (inbound > 0) await delay(inbound);
  const nowMs = inbound > 0 ? deps.state.serverNow(route?.subdomain) : serverTimeMs;
  // The inbound leg is the network's: the request reaches AimHarder, and is stamped on its clock, only now.
  record.serverTimeMs = nowMs;

  let reply: Reply;
  const box = route?.subdomain !== undefined ? deps.state.boxBySubdomain(route.subdomain) : undefined;
  if (!route) reply = { status: 404, json: { error: { code: 404, message: 'Not Found' } } };
  else if (body === undefined) reply = { status: 413, json: { error: { code: 413, message: 'Payload Too Large' } } };
  else if (route.subdomain !== undefined && !box && route.endpoint !== 'page') reply = { status: 404, json: { error: { code: 404, message: `Unknown box ${route.subdomain}` } } };
  else {
    reply = route.handle({
      state: deps.state,
      record,
      query,
      body,
      contentType: request.headers['content-type'] ?? '',
      cookieHeader: request.headers.cookie,
      nowMs,
      box,
      hosts: deps.hosts(),
    });
  }
  record.result ??= { status: reply.status };

  // A web server stamps Date when it writes the answer, before the answer's own trip back.
  const dateMs = deps.state.serverNow(route?.subdomain);
  const latency = pick(network.latencyMs, deps.random);
  if (latency > 0) await delay(latency);
  writeReply(deps.state, response, reply, method === 'HEAD', dateMs);
  if (deps.logger) deps.logger(describe(record));
}

/** The box a request's path is for (`/box/<subdomain>/…`), read before anything else is parsed. */
function boxOfUrl(url: string | undefined): string | undefined {
  const match = /^\/box\/([^/?]+)/.exec(url ?? '');
  return match?.[1];
}

/** A request dropped by a fault still says which class and member it was for, for the benchmarks. */
function annotateUnprocessed(state: SimState, record: SimRequestRecord, endpoint: SimEndpoint, body: string | undefined, cookieHeader: string | undefined): void {
  if (endpoint !== 'book' || body === undefined) return;
  const id = new URLSearchParams(body).get('id');
  if (!id || !/^\d{1,16}$/.test(id)) return;
  record.classId = id;
  const cls = state.classById(Number(id));
  if (cls) record.offsetMs = record.serverTimeMs - cls.opensAtMs;
  const token = /(?:^|;\s*)amhrdrauth=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  const session = state.sessionFor(token, record.serverTimeMs);
  if (session) record.userId = session.member.userId;
}

function writeReply(state: SimState, response: ServerResponse, reply: Reply, headOnly = false, dateMs = state.serverNow()): void {
  if (response.destroyed) return;
  // The Date header follows the box's clock, skew and drift included, at 1 s resolution (RFC 9110
  // IMF-fixdate): clients may estimate the offset from it.
  const headers: OutgoingHttpHeaders = { date: new Date(dateMs).toUTCString(), ...reply.headers };
  let payload = '';
  if (reply.html !== undefined) {
    headers['content-type'] = 'text/html; charset=UTF-8';
    payload = reply.html;
  } else if (reply.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.json);
  }
  headers['content-length'] = Buffer.byteLength(payload);
  response.writeHead(reply.status, headers);
  response.end(headOnly ? undefined : payload);
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function pick([min, max]: [number, number], random: () => number): number {
  return max <= min ? min : min + random() * (max - min);
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function gatewayPage(status: number, title: string): string {
  return `<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`;
}

function describe(record: SimRequestRecord): string {
  const result = record.result;
  const details = [
    result?.bookState !== undefined ? `bookState=${result.bookState}` : '',
    result?.cancelState !== undefined ? `cancelState=${result.cancelState}` : '',
    result?.errorMssgLang ?? '',
    result?.logout ? 'logout' : '',
    result?.fault ? `fault=${result.fault}` : '',
    record.userId ? `user=${record.userId}` : '',
    record.classId ? `class=${record.classId}` : '',
    record.offsetMs !== undefined ? `offset=${record.offsetMs >= 0 ? '+' : ''}${record.offsetMs.toFixed(2)}ms` : '',
  ].filter(Boolean);
  return `${record.method} ${record.path} → ${result?.status ?? '?'}${details.length ? ` ${details.join(' ')}` : ''}`;
}
