import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { messagesQuerySchema, scriptedRepliesSchema, subscriptionIdSchema } from './control.schema';
import { checkVapid } from './vapid-check';

/** One push as the stand-in received it. `body` is the aes128gcm ciphertext, base64url. */
export interface RecordedPush {
  id: string;
  subscriptionId: string;
  receivedAt: string;
  /** What the stand-in answered (201 = accepted for delivery). */
  status: number;
  ttl: number | null;
  urgency: string | null;
  topic: string | null;
  contentEncoding: string | null;
  vapid: { subject: string; publicKey: string } | null;
  body: string;
}

export interface PushServiceOptions {
  port: number;
  host: string;
  cert: string;
  key: string;
  /** Serve /__push/ (never in production). */
  enableControlApi: boolean;
  logger?: (line: string) => void;
}

export interface RunningPushService {
  url: string;
  stop(): Promise<void>;
}

/** RFC 8030 §5: what a push service accepts; a payload is at most 4096 octets (RFC 8291 §4). */
const MAX_PAYLOAD_BYTES = 4096;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const RECORD_LIMIT = 5_000;

/**
 * A Web Push service on loopback (https, like every real one): `POST /push/<subscription id>`
 * checks what FCM, Mozilla's autopush and Apple's service check — VAPID (RFC 8292), `TTL`,
 * `Content-Encoding: aes128gcm`, `Urgency`, `Topic`, the 4 KB limit — records the push, and answers
 * 201 with a message Location, or what the control API scripted for that subscription (404/410 =
 * subscription gone, 429/5xx = try later). It does not deliver anywhere: browsers subscribe to
 * their vendor's service, which cannot be reached offline; tests decrypt the recorded payloads.
 */
export async function startPushService(options: PushServiceOptions): Promise<RunningPushService> {
  const records: RecordedPush[] = [];
  const scripted = new Map<string, number[]>();
  const log = options.logger ?? (() => {});
  let origin = '';

  const server = https.createServer({ cert: options.cert, key: options.key }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`internal error on ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) json(response, 500, { code: 500, error: 'Internal Server Error' });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const pushMatch = /^\/push\/([^/]+)$/.exec(url.pathname);
    if (pushMatch) {
      if (request.method !== 'POST') return json(response, 405, { code: 405, error: 'Method Not Allowed', message: 'POST a push message' });
      return receivePush(request, response, decodeURIComponent(pushMatch[1]!));
    }
    if (options.enableControlApi && url.pathname.startsWith('/__push/')) return control(request, response, url);
    json(response, 404, { code: 404, error: 'Not Found' });
  }

  async function receivePush(request: IncomingMessage, response: ServerResponse, rawId: string): Promise<void> {
    const id = subscriptionIdSchema.safeParse(rawId);
    if (!id.success) return json(response, 404, { code: 404, errno: 102, error: 'Not Found', message: 'unknown subscription' });
    const body = await readBody(request, MAX_PAYLOAD_BYTES + 1);
    const { problem, vapid } = await validatePush(request, body);
    const queue = scripted.get(id.data);
    const status = problem ? problem.status : (queue?.shift() ?? 201);
    if (queue && queue.length === 0) scripted.delete(id.data);
    const record: RecordedPush = {
      id: randomUUID(),
      subscriptionId: id.data,
      receivedAt: new Date().toISOString(),
      status,
      ttl: request.headers.ttl === undefined ? null : Number(request.headers.ttl),
      urgency: header(request, 'urgency'),
      topic: header(request, 'topic'),
      contentEncoding: header(request, 'content-encoding'),
      vapid,
      body: body.toString('base64url'),
    };
    records.push(record);
    if (records.length > RECORD_LIMIT) records.shift();
    log(`push to ${id.data}: ${status}${problem ? ` (${problem.reason})` : ''}`);
    if (status === 201) {
      response.writeHead(201, { location: `${origin}/message/${record.id}`, 'content-length': '0' });
      response.end();
      return;
    }
    json(response, status, { code: status, errno: status === 410 || status === 404 ? 106 : 999, error: problem?.reason ?? 'scripted reply', message: problem?.reason ?? `scripted ${status}` });
  }

  async function validatePush(request: IncomingMessage, body: Buffer): Promise<{ problem: { status: number; reason: string } | null; vapid: RecordedPush['vapid'] }> {
    const check = await checkVapid(header(request, 'authorization') ?? undefined, origin, Date.now());
    if (!check.ok) return { problem: { status: check.status, reason: check.reason }, vapid: null };
    const vapid = { subject: check.subject, publicKey: check.publicKey };
    return { problem: checkMessage(request, body), vapid };
  }

  function checkMessage(request: IncomingMessage, body: Buffer): { status: number; reason: string } | null {
    const ttl = header(request, 'ttl');
    if (ttl === null || !/^\d+$/.test(ttl)) return { status: 400, reason: 'TTL header is required (seconds)' };
    const urgency = header(request, 'urgency');
    if (urgency !== null && !URGENCIES.has(urgency)) return { status: 400, reason: `Urgency ${urgency} is not very-low, low, normal or high` };
    const topic = header(request, 'topic');
    if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return { status: 400, reason: 'Topic must be at most 32 base64url characters' };
    if (body.length > MAX_PAYLOAD_BYTES) return { status: 413, reason: 'payload larger than 4096 bytes' };
    if (body.length > 0 && header(request, 'content-encoding') !== 'aes128gcm') return { status: 400, reason: 'Content-Encoding must be aes128gcm' };
    // RFC 8188 header: salt(16) rs(4) idlen(1) keyid(65 for RFC 8291); anything shorter is not a payload.
    if (body.length > 0 && (body.length < 21 + 65 + 17 || body[20] !== 65)) return { status: 400, reason: 'aes128gcm body has no RFC 8291 header' };
    return null;
  }

  async function control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const replies = /^\/__push\/subscriptions\/([^/]+)\/replies$/.exec(url.pathname);
    if (url.pathname === '/__push/health' && request.method === 'GET') return json(response, 200, { ok: true, messages: records.length });
    if (url.pathname === '/__push/messages' && request.method === 'GET') {
      const query = messagesQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return json(response, 400, { error: query.error.issues.map((issue) => issue.message).join('; ') });
      return json(response, 200, { messages: records.filter((record) => !query.data.subscription || record.subscriptionId === query.data.subscription) });
    }
    if (url.pathname === '/__push/messages' && request.method === 'DELETE') {
      records.length = 0;
      scripted.clear();
      return json(response, 200, { ok: true });
    }
    if (replies && request.method === 'PUT') {
      const id = subscriptionIdSchema.safeParse(decodeURIComponent(replies[1]!));
      if (!id.success) return json(response, 400, { error: id.error.issues[0]!.message });
      let parsedBody: unknown;
      try {
        parsedBody = JSON.parse((await readBody(request, 16 * 1024)).toString('utf8'));
      } catch {
        return json(response, 400, { error: 'the body must be JSON: {"statuses": [410]}' });
      }
      const input = scriptedRepliesSchema.safeParse(parsedBody);
      if (!input.success) return json(response, 400, { error: input.error.issues.map((issue) => issue.message).join('; ') });
      scripted.set(id.data, [...input.data.statuses]);
      return json(response, 200, { subscription: id.data, statuses: input.data.statuses });
    }
    json(response, 404, { error: 'control API: GET /__push/health, GET|DELETE /__push/messages[?subscription=], PUT /__push/subscriptions/<id>/replies' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  origin = `https://${options.host}:${address.port}`;
  return {
    url: origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Reads at most `limit` bytes (one more than allowed is enough to know it is too large). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size >= limit) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    request.on('end', () => resolve(Buffer.concat(chunks).subarray(0, limit)));
    request.on('error', reject);
  });
}
