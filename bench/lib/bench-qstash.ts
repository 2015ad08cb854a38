import http from 'node:http';
import { JwtSigner } from '../../dev/qstash/jwt-signer';
import type { BenchStack } from './bench-stack';
import { preciseNow } from './bench-stack';

function authorization(stack: Pick<BenchStack, 'env'>): Record<string, string> {
  return { authorization: `Bearer ${stack.env.QSTASH_TOKEN}` };
}

/** Messages dev/qstash gave up on (first page, up to its page size). */
export async function qstashDeadLetters(stack: Pick<BenchStack, 'env' | 'urls'>): Promise<number> {
  const response = await fetch(`${stack.urls.qstash}/v2/dlq`, { headers: authorization(stack) });
  if (!response.ok) throw new Error(`dev/qstash DLQ: HTTP ${response.status}`);
  return ((await response.json()) as { messages: unknown[] }).messages.length;
}

/** Cancels pending messages (e.g. prebookings a benchmark delivers itself); returns how many were pending. */
export async function cancelQStashMessages(stack: Pick<BenchStack, 'env' | 'urls'>, messageIds: string[]): Promise<number> {
  let cancelled = 0;
  for (const id of messageIds) {
    const response = await fetch(`${stack.urls.qstash}/v2/messages/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authorization(stack) });
    await response.body?.cancel();
    if (response.ok) cancelled += 1;
  }
  return cancelled;
}

export interface DeliveryResult {
  status: number;
  body: string;
  /** Wall-clock epoch ms (sub-ms) just before the request was written. */
  sentAtMs: number;
  respondedAtMs: number;
}

/**
 * Delivers a message to the app the way QStash does: a POST signed with the stack's current
 * signing key by dev/qstash's own signer (same claims, body hash and headers), over one
 * keep-alive connection so a sequence of deliveries measures the app, not TCP handshakes.
 */
export class SignedDeliverer {
  private readonly signer: JwtSigner;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private counter = 0;

  constructor(stack: Pick<BenchStack, 'env'>) {
    this.signer = new JwtSigner({ current: stack.env.QSTASH_CURRENT_SIGNING_KEY!, next: stack.env.QSTASH_NEXT_SIGNING_KEY! });
  }

  async deliver(url: string, payload: unknown): Promise<DeliveryResult> {
    const body = Buffer.from(JSON.stringify(payload));
    const signature = await this.signer.sign(url, body);
    this.counter += 1;
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.length,
          'user-agent': 'Upstash-QStash',
          'upstash-signature': signature,
          'upstash-message-id': `msg_bench_${process.pid}_${this.counter}`,
          'upstash-retried': '0',
        },
      });
      request.once('error', reject);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentAtMs, respondedAtMs: preciseNow() }));
      });
      const sentAtMs = preciseNow();
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
