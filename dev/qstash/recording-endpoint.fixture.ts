import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Receiver } from '@upstash/qstash';

/** One request the dev server delivered, with the official Receiver's verdict on its signature. */
export interface ReceivedDelivery {
  method: string;
  path: string;
  /** The full URL the request was sent to, what the signature's `sub` must equal. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  verified: boolean;
  verifyError?: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RecordingEndpoint {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  deliveries: ReceivedDelivery[];
  /** How to answer requests to a path (default 200 "ok"). */
  reply(path: string, answer: Reply | ((delivery: ReceivedDelivery) => Reply | Promise<Reply>)): void;
  waitForCount(count: number, filter?: (delivery: ReceivedDelivery) => boolean, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/**
 * A destination for tests: a node:http server on a free port that verifies every request with
 * the official `Receiver` (current + next key, and `url`) before recording it, so a test only has
 * to assert `verified` to prove the delivery was signed for exactly that URL and body.
 */
export async function startRecordingEndpoint(keys: { currentSigningKey: string; nextSigningKey: string }): Promise<RecordingEndpoint> {
  const receiver = new Receiver({ currentSigningKey: keys.currentSigningKey, nextSigningKey: keys.nextSigningKey });
  const deliveries: ReceivedDelivery[] = [];
  const replies = new Map<string, Reply | ((delivery: ReceivedDelivery) => Reply | Promise<Reply>)>();
  let base = '';
  const server = http.createServer((req, res) => {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const url = `${base}${path}`;
        const delivery: ReceivedDelivery = { method: req.method ?? '', path, url, headers: req.headers, body, receivedAt, verified: false };
        const signature = req.headers['upstash-signature'];
        try {
          if (typeof signature !== 'string') throw new Error('no Upstash-Signature header');
          delivery.verified = await receiver.verify({ signature, body, url });
        } catch (error) {
          delivery.verifyError = (error as Error).message;
        }
        deliveries.push(delivery);
        const configured = replies.get(path.split('?')[0]!);
        const answer = typeof configured === 'function' ? await configured(delivery) : (configured ?? { status: 200, body: 'ok' });
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    deliveries,
    reply(path, answer) {
      replies.set(path, answer);
    },
    async waitForCount(count, filter = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = deliveries.filter(filter);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} deliveries within ${timeoutMs} ms, got ${matching.length}: ${JSON.stringify(deliveries.map((d) => d.path))}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a value (not undefined) or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
