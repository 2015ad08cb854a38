import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Faults, QStashEngine } from './qstash-engine';
import { QStashHttpError, badRequest, notFound, notImplemented, sendError, sendJson } from './qstash-http-error';
import { randomBase58, type JwtSigner } from './jwt-signer';
import {
  parseDestination,
  parsePublishHeaders,
  parseTemplateOverrides,
  type LowerCaseHeaders,
  type ParsedPublishHeaders,
} from './publish-headers-parser';
import { DLQ_QUERY_KEYS, EVENT_QUERY_KEYS, MESSAGE_CANCEL_QUERY_KEYS, parseFilterQuery } from './query-filters';
import { renderStatusPage, statusJson } from './status-page';
import type { DlqRecord } from './qstash-records';
import { dlqView, eventView, messageView, scheduleView } from './qstash-views';

export interface RouterContext {
  engine: QStashEngine;
  signer: JwtSigner;
  token: string;
  maxBodyBytes: number;
  maxBatchBytes: number;
  setFaults(faults: Partial<Faults>): Faults;
  logger: (line: string) => void;
}

/** Batch request bodies may be far larger than one message (QStash allows 100 MB). */
export const DEFAULT_MAX_BATCH_BYTES = 100 * 1024 * 1024;
const DLQ_PAGE_MAX = 100;
const EVENTS_PAGE_DEFAULT = 100;
const EVENTS_PAGE_MAX = 1_000;
const MESSAGE_CANCEL_MAX = 500;
const SCHEDULE_ID_PATTERN = /^[A-Za-z0-9._-]{1,256}$/;

const batchSchema = z.array(
  z.object({
    destination: z.string(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
    queue: z.string().optional(),
  }),
);

const faultsSchema = z
  .object({
    deliveryJitterMs: z
      .tuple([z.number().min(0).max(600_000), z.number().min(0).max(600_000)])
      .refine(([min, max]) => min <= max, 'deliveryJitterMs must be [min, max] with min <= max')
      .optional(),
    deliveryFailureRate: z.number().min(0).max(1).optional(),
    retryTimeScale: z.number().min(0).max(1_000).optional(),
  })
  .strict();

const legacyCancelBodySchema = z.object({ messageIds: z.array(z.string()).min(1) });

/**
 * Routes one request. Everything but the read-only page at `/` needs the token; every failure
 * is `{"error": "..."}` with a status, never a crash.
 */
export async function handleRequest(context: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await route(context, req, res);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof QStashHttpError) {
      sendError(res, error.status, error.message);
      return;
    }
    context.logger(`internal error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
    sendError(res, 500, `internal error in dev/qstash: ${(error as Error).message}`);
  }
}

async function route(context: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const pathname = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : rawUrl.slice(queryStart + 1);
  const query = new URLSearchParams(rawQuery);
  const { engine } = context;

  if (pathname === '/' && method === 'GET') {
    if ((req.headers.accept ?? '').includes('text/html')) {
      const html = renderStatusPage(engine);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
      res.end(html);
    } else {
      sendJson(res, 200, statusJson(engine));
    }
    return;
  }
  if (pathname === '/favicon.ico') throw notFound('no favicon');

  authenticate(context, req, query);

  const segments = pathname.split('/').slice(1);
  const [version, resource, ...rest] = segments;
  const endpoint = `${method} ${pathname}`;

  if (version === '__dev') {
    await routeDev(context, req, res, method, resource, rest);
    return;
  }
  if (version === 'llm' || (version === 'v1' && resource === 'chat')) throw notImplemented('The LLM API');
  if (version !== 'v2') throw notFound(`no route for ${endpoint}`);

  switch (resource) {
    case 'keys':
      if (rest.length === 0 && method === 'GET') {
        sendJson(res, 200, keysView(context.signer));
        return;
      }
      if (rest.join('/') === 'rotate' && method === 'POST') {
        context.signer.rotate();
        context.logger('rotated signing keys: the next key is now current');
        sendJson(res, 200, keysView(context.signer));
        return;
      }
      break;
    case 'publish': {
      if (method !== 'POST') break;
      const prefixLength = '/v2/publish/'.length;
      const { destination, headers } = destinationAndConfig(pathname.slice(prefixLength), rawQuery, req.headers);
      const body = await readBody(req, context.maxBodyBytes, 'message body');
      const parsed = parsePublishHeaders(headers);
      const url = parseDestination(destination);
      const result = publishParsed(engine, url, parsed, body, callerIp(req));
      await commitOrFail(engine);
      sendJson(res, result.deduplicated ? 202 : 200, publishResponse(result, url));
      return;
    }
    case 'batch':
      if (method === 'POST' && rest.length === 0) {
        await handleBatch(context, req, res);
        return;
      }
      break;
    case 'enqueue':
    case 'queues':
      throw notImplemented('Queues');
    case 'topics':
      throw notImplemented('URL groups (topics)');
    case 'flowControl':
    case 'globalParallelism':
      throw notImplemented('Flow control');
    case 'workflows':
      throw notImplemented('Workflows');
    case 'messages':
      await routeMessages(context, req, res, method, rest, query, endpoint);
      return;
    case 'dlq':
      await routeDlq(context, req, res, method, rest, query, endpoint);
      return;
    case 'schedules':
      await routeSchedules(context, req, res, method, pathname, rawQuery, rest);
      return;
    case 'events':
    case 'logs':
      if (method === 'GET' && rest.length === 0) {
        const parsed = parseFilterQuery(query, EVENT_QUERY_KEYS, endpoint, EVENTS_PAGE_MAX);
        const page = engine.pageEvents(
          parsed.filter,
          validCursor(parsed.cursor),
          parsed.count ?? EVENTS_PAGE_DEFAULT,
          parsed.order === 'earliestFirst',
        );
        const events = page.items.map(eventView);
        // The SDK reads `events` (GET /v2/events); newer docs describe `logs`: answer with both.
        sendJson(res, 200, { events, logs: events, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
        return;
      }
      break;
    default:
      throw notFound(`no route for ${endpoint}`);
  }
  throw new QStashHttpError(405, `method ${method} is not allowed for ${pathname}`);
}

function authenticate(context: RouterContext, req: IncomingMessage, query: URLSearchParams): void {
  const header = req.headers.authorization;
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : (query.get('qstash_token') ?? undefined);
  if (presented === undefined) {
    throw new QStashHttpError(401, 'missing token: send "Authorization: Bearer <QSTASH_TOKEN>"');
  }
  const expected = createHash('sha256').update(context.token).digest();
  const actual = createHash('sha256').update(presented).digest();
  if (!timingSafeEqual(expected, actual)) throw new QStashHttpError(401, 'invalid token: it does not match this server\'s QSTASH_TOKEN');
}

function keysView(signer: JwtSigner): { current: string; next: string } {
  const keys = signer.currentKeys;
  return { current: keys.current, next: keys.next };
}

/**
 * The SDK pastes the destination URL raw into the path, so its query string arrives as ours.
 * Webhook-style config (`upstash-retries=3`) and `qstash_token` are ours to take out; every
 * other pair stays, byte for byte, in the destination.
 */
function destinationAndConfig(
  rawDestination: string,
  rawQuery: string,
  requestHeaders: IncomingHttpHeaders,
): { destination: string; headers: LowerCaseHeaders } {
  const headers = lowerCaseHeaders(requestHeaders);
  const kept: string[] = [];
  for (const pair of rawQuery === '' ? [] : rawQuery.split('&')) {
    const [rawKey = '', ...valueParts] = pair.split('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' ')).toLowerCase();
      value = decodeURIComponent(valueParts.join('=').replace(/\+/g, ' '));
    } catch {
      kept.push(pair);
      continue;
    }
    if (key === 'qstash_token') continue;
    if (key.startsWith('upstash-')) {
      headers[key] ??= value;
      continue;
    }
    kept.push(pair);
  }
  return { destination: kept.length > 0 ? `${rawDestination}?${kept.join('&')}` : rawDestination, headers };
}

function lowerCaseHeaders(headers: IncomingHttpHeaders | Record<string, string>): LowerCaseHeaders {
  const result: LowerCaseHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function callerIp(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '');
}

function publishParsed(
  engine: QStashEngine,
  url: string,
  parsed: ParsedPublishHeaders,
  body: Buffer,
  caller: string | undefined,
): { messageId: string; deduplicated: boolean } {
  const { notBeforeMs, delayMs, deduplicationId, contentBasedDeduplication, ...template } = parsed;
  let dedupKey: string | undefined;
  if (deduplicationId !== undefined) dedupKey = `id:${deduplicationId}`;
  else if (contentBasedDeduplication) dedupKey = `content:${contentHash(url, body, parsed.header)}`;
  return engine.publish(
    {
      ...template,
      url,
      body,
      notBefore: notBeforeMs ?? engine.now() + (delayMs ?? 0),
      ...(caller !== undefined ? { callerIp: caller } : {}),
    },
    dedupKey,
  );
}

/** Content-based deduplication: destination, body, Content-Type and forwarded headers. */
function contentHash(url: string, body: Buffer, header: Record<string, string[]>): string {
  const hash = createHash('sha256').update(url).update('\n');
  for (const name of Object.keys(header).sort()) hash.update(`${name}:${header[name]!.join(',')}\n`);
  return hash.update(body).digest('hex');
}

function publishResponse(result: { messageId: string; deduplicated: boolean }, url: string): Record<string, unknown> {
  return { messageId: result.messageId, url, ...(result.deduplicated ? { deduplicated: true } : {}) };
}

async function commitOrFail(engine: QStashEngine): Promise<void> {
  try {
    await engine.commit();
  } catch (error) {
    throw new QStashHttpError(500, `the message was accepted but could not be persisted: ${(error as Error).message}`);
  }
}

async function handleBatch(context: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req, context.maxBatchBytes, 'batch body');
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('batch body is not valid JSON: expected an array of {destination, headers, body}');
  }
  const parsed = batchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(`batch body is invalid at ${issue?.path.join('.') || 'root'}: ${issue?.message}`);
  }
  // Validate every entry before storing any, so a bad entry leaves nothing behind.
  const prepared = parsed.data.map((entry, index) => {
    try {
      if (entry.queue !== undefined) throw notImplemented('Queues (batch "queue")');
      const headers = lowerCaseHeaders(entry.headers ?? {});
      const config = parsePublishHeaders(headers);
      const url = parseDestination(entry.destination);
      const body = Buffer.from(entry.body ?? '', 'utf8');
      if (body.length > context.maxBodyBytes) {
        throw new QStashHttpError(413, `message body is larger than the ${context.maxBodyBytes}-byte limit`);
      }
      return { url, config, body };
    } catch (error) {
      if (error instanceof QStashHttpError) throw new QStashHttpError(error.status, `batch[${index}]: ${error.message}`);
      throw error;
    }
  });
  const caller = callerIp(req);
  const results = prepared.map(({ url, config, body }) =>
    publishResponse(publishParsed(context.engine, url, config, body, caller), url),
  );
  await commitOrFail(context.engine);
  sendJson(res, 200, results);
}

async function routeMessages(
  context: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  rest: string[],
  query: URLSearchParams,
  endpoint: string,
): Promise<void> {
  const { engine } = context;
  const id = rest.length === 1 ? decodeSegment(rest[0]!) : undefined;
  if (id !== undefined && id !== '') {
    const message = engine.getMessage(id);
    if (method === 'GET') {
      if (!message) throw notFound(`message ${id} not found (unknown, already delivered, cancelled or in the DLQ)`);
      sendJson(res, 200, messageView(message));
      return;
    }
    if (method === 'DELETE') {
      if (!engine.cancelMessage(id)) throw notFound(`message ${id} not found (unknown, already delivered, cancelled or in the DLQ)`);
      await commitOrFail(engine);
      sendJson(res, 200, { cancelled: 1 });
      return;
    }
    throw new QStashHttpError(405, `method ${method} is not allowed for messages`);
  }
  if (rest.length > 1 || method !== 'DELETE') throw notFound(`no route for ${endpoint}`);
  const parsed = parseFilterQuery(query, MESSAGE_CANCEL_QUERY_KEYS, endpoint, MESSAGE_CANCEL_MAX);
  // The old API took {"messageIds": [...]} as a JSON body; still accepted.
  const body = await readBody(req, context.maxBodyBytes, 'request body');
  if (body.length > 0 && !parsed.filter.messageIds) {
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest('bulk cancel body is not valid JSON: expected {"messageIds": [...]}');
    }
    const legacy = legacyCancelBodySchema.safeParse(json);
    if (!legacy.success) throw badRequest('bulk cancel body must be {"messageIds": ["msg_…"]}');
    parsed.filter.messageIds = new Set(legacy.data.messageIds);
  }
  const filter = parsed.filter.messageIds ? { messageIds: parsed.filter.messageIds } : parsed.filter;
  const limit = parsed.filter.messageIds ? Number.MAX_SAFE_INTEGER : (parsed.count ?? Number.MAX_SAFE_INTEGER);
  const cancelled = engine.cancelMessages(filter, limit);
  await commitOrFail(engine);
  sendJson(res, 200, { cancelled });
}

async function routeDlq(
  context: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  rest: string[],
  query: URLSearchParams,
  endpoint: string,
): Promise<void> {
  const { engine } = context;
  if (rest.length === 0 && method === 'GET') {
    const parsed = parseFilterQuery(query, DLQ_QUERY_KEYS, endpoint, DLQ_PAGE_MAX);
    const page = engine.pageDlq(parsed.filter, validCursor(parsed.cursor), parsed.count ?? DLQ_PAGE_MAX);
    // The SDK hands `cursor` back as is and stops when it is undefined: omit it on the last page.
    sendJson(res, 200, { messages: page.items.map(dlqView), ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) });
    return;
  }
  if (rest.length === 0 && method === 'DELETE') {
    const selection = selectDlq(engine, parseFilterQuery(query, DLQ_QUERY_KEYS, endpoint, DLQ_PAGE_MAX));
    let deleted = 0;
    for (const entry of selection.items) if (engine.deleteDlq(entry.dlqId)) deleted += 1;
    await commitOrFail(engine);
    sendJson(res, 200, { deleted, ...(selection.cursor !== undefined ? { cursor: selection.cursor } : {}) });
    return;
  }
  if (rest[0] === 'retry' && method === 'POST') {
    const overrides = parseTemplateOverrides(lowerCaseHeaders(req.headers));
    if (rest.length === 2) {
      const id = decodeSegment(rest[1]!);
      const entry = engine.getDlq(id);
      if (!entry) throw notFound(`DLQ entry ${id} not found`);
      const [messageId] = engine.retryDlq([entry], overrides);
      await commitOrFail(engine);
      sendJson(res, 201, { messageId });
      return;
    }
    if (rest.length === 1) {
      const selection = selectDlq(engine, parseFilterQuery(query, DLQ_QUERY_KEYS, endpoint, DLQ_PAGE_MAX));
      const messageIds = engine.retryDlq(selection.items, overrides);
      await commitOrFail(engine);
      sendJson(res, 200, {
        responses: messageIds.map((messageId) => ({ messageId })),
        ...(selection.cursor !== undefined ? { cursor: selection.cursor } : {}),
      });
      return;
    }
  }
  if (rest.length === 1) {
    const id = decodeSegment(rest[0]!);
    if (method === 'GET') {
      const entry = engine.getDlq(id);
      if (!entry) throw notFound(`DLQ entry ${id} not found`);
      sendJson(res, 200, dlqView(entry));
      return;
    }
    if (method === 'DELETE') {
      if (!engine.deleteDlq(id)) throw notFound(`DLQ entry ${id} not found (already deleted or retried?)`);
      await commitOrFail(engine);
      sendJson(res, 200, { deleted: 1 });
      return;
    }
  }
  throw notFound(`no route for ${endpoint}`);
}

/** dlqIds select exactly those entries; otherwise a filter (or everything) one page at a time. */
function selectDlq(engine: QStashEngine, parsed: ReturnType<typeof parseFilterQuery>): { items: DlqRecord[]; cursor?: string } {
  if (parsed.filter.ids) {
    const items = [...parsed.filter.ids].map((id) => engine.getDlq(id)).filter((entry) => entry !== undefined);
    return { items };
  }
  return engine.pageDlq(parsed.filter, validCursor(parsed.cursor), parsed.count ?? DLQ_PAGE_MAX);
}

async function routeSchedules(
  context: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  pathname: string,
  rawQuery: string,
  rest: string[],
): Promise<void> {
  const { engine } = context;
  const action = rest.length === 2 && SCHEDULE_ID_PATTERN.test(rest[0]!) ? rest[1] : undefined;
  if ((method === 'PATCH' || method === 'POST') && (action === 'pause' || action === 'resume')) {
    const id = rest[0]!;
    const schedule = engine.setSchedulePaused(id, action === 'pause');
    if (!schedule) throw notFound(`schedule ${id} not found`);
    await commitOrFail(engine);
    sendJson(res, 200, {});
    return;
  }
  if (method === 'POST' && rest.length > 0 && !(rest.length === 1 && SCHEDULE_ID_PATTERN.test(rest[0]!))) {
    await createSchedule(context, req, res, pathname.slice('/v2/schedules/'.length), rawQuery);
    return;
  }
  if (rest.length === 0 && method === 'GET') {
    sendJson(res, 200, engine.listSchedules().map(scheduleView));
    return;
  }
  if (rest.length === 1) {
    const id = decodeSegment(rest[0]!);
    if (method === 'GET') {
      const schedule = engine.schedules.get(id);
      if (!schedule) throw notFound(`schedule ${id} not found`);
      sendJson(res, 200, scheduleView(schedule));
      return;
    }
    if (method === 'DELETE') {
      if (!engine.deleteSchedule(id)) throw notFound(`schedule ${id} not found`);
      await commitOrFail(engine);
      sendJson(res, 200, {});
      return;
    }
    if (method === 'POST') throw notImplemented(`Scheduling to the URL group "${id}"`);
  }
  throw notFound(`no route for ${method} ${pathname}`);
}

async function createSchedule(
  context: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  rawDestination: string,
  rawQuery: string,
): Promise<void> {
  const { destination, headers } = destinationAndConfig(rawDestination, rawQuery, req.headers);
  const body = await readBody(req, context.maxBodyBytes, 'message body');
  const cron = headers['upstash-cron'];
  if (cron === undefined || cron.trim() === '') throw badRequest('Upstash-Cron header is required to create a schedule (e.g. "*/5 * * * *")');
  const requestedId = headers['upstash-schedule-id'];
  if (requestedId !== undefined && !SCHEDULE_ID_PATTERN.test(requestedId)) {
    throw badRequest(`Upstash-Schedule-Id may only contain letters, digits, "-", "_" and "." (1–256 chars), got "${requestedId}"`);
  }
  const parsed = parsePublishHeaders(headers);
  const url = parseDestination(destination);
  const caller = callerIp(req);
  const schedule = context.engine.upsertSchedule({
    ...parsed,
    scheduleId: requestedId ?? `scd_${randomBase58(28)}`,
    cron,
    destination: url,
    body,
    delaySec: Math.round((parsed.delayMs ?? 0) / 1_000),
    ...(caller !== undefined ? { callerIp: caller } : {}),
  });
  await commitOrFail(context.engine);
  sendJson(res, 200, { scheduleId: schedule.scheduleId });
}

async function routeDev(
  context: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  resource: string | undefined,
  rest: string[],
): Promise<void> {
  if (resource === 'faults' && rest.length === 0) {
    if (method === 'GET') {
      sendJson(res, 200, context.engine.faults);
      return;
    }
    if (method === 'POST') {
      const raw = await readBody(req, 64 * 1024, 'faults body');
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        throw badRequest('faults body is not valid JSON');
      }
      const parsed = faultsSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badRequest(`invalid faults: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
      }
      const faults = context.setFaults(parsed.data);
      context.logger(`faults set: ${JSON.stringify(faults)}`);
      sendJson(res, 200, faults);
      return;
    }
  }
  if (resource === 'stats' && rest.length === 0 && method === 'GET') {
    const memory = process.memoryUsage();
    sendJson(res, 200, { ...context.engine.stats(), rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal });
    return;
  }
  if (resource === 'schedules' && rest.length === 2 && rest[1] === 'trigger' && method === 'POST') {
    const id = decodeSegment(rest[0]!);
    const messageId = context.engine.triggerScheduleNow(id);
    if (messageId === undefined) throw notFound(`schedule ${id} not found`);
    await commitOrFail(context.engine);
    sendJson(res, 200, { messageId });
    return;
  }
  throw notFound(`no route for ${method} /__dev/${[resource, ...rest].join('/')}`);
}

function validCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (!/^\d+$/.test(cursor)) throw badRequest(`cursor "${cursor}" is not a cursor this server handed out`);
  return cursor;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest(`"${segment}" is not a valid path segment`);
  }
}

/**
 * Reads the whole body, or answers 413 once it passes `limit`. The rest is still drained
 * (up to a hard cap) so the client reads our 413 instead of a reset connection, which the SDK
 * would retry as a network error.
 */
function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const drainCap = Math.max(limit * 4, 16 * 1024 * 1024);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > drainCap) {
      req.destroy();
      reject(new QStashHttpError(413, `${what} is larger than the ${limit}-byte limit`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (size > drainCap) {
        req.destroy();
        reject(new QStashHttpError(413, `${what} is larger than the ${limit}-byte limit`));
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new QStashHttpError(413, `${what} is larger than the ${limit}-byte limit`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => reject(error));
  });
}
