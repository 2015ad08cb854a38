import 'server-only';
import webpush, { WebPushError } from 'web-push';
import { createPushAgent, pushEndpointProblem } from './push-endpoint-guard';
import type { PushTarget } from './push-subscription.schema';

export interface PushMessageOptions {
  /** Seconds the push service keeps an undelivered message (the outcome stops mattering after the class). */
  ttlSeconds: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** Replaces a still-undelivered message with the same topic (≤ 32 base64url characters). */
  topic?: string;
}

/** How one push service answered. */
export type PushSendResult =
  /** 2xx: accepted for delivery. */
  | { kind: 'accepted'; status: number }
  /** 404/410: the subscription is gone for good; it must be removed. */
  | { kind: 'gone'; status: number }
  /** Other 4xx (bad request, payload too large, VAPID refused): retrying cannot help. */
  | { kind: 'rejected'; status: number; detail: string }
  /** 5xx, 429, timeouts, refused connections: worth retrying later. */
  | { kind: 'unavailable'; status: number | null; detail: string };

export interface PushSender {
  readonly configured: boolean;
  send(target: PushTarget, payload: string, options: PushMessageOptions): Promise<PushSendResult>;
}

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * Sends through the `web-push` package (VAPID signing, aes128gcm encryption, TTL/Urgency/Topic
 * headers). Every send re-checks the endpoint and connects through the public-only lookup, so a
 * stored subscription only ever reaches its own public endpoint.
 */
export function createWebPushSender(vapid: VapidConfig, devServiceOrigin: string | undefined, timeoutMs = 10_000): PushSender {
  const agent = createPushAgent();
  return {
    configured: true,
    async send(target, payload, options) {
      const problem = pushEndpointProblem(target.endpoint, devServiceOrigin);
      if (problem) return { kind: 'rejected', status: 0, detail: `endpoint refused: ${problem}` };
      try {
        const response = await webpush.sendNotification({ endpoint: target.endpoint, keys: target.keys }, payload, {
          vapidDetails: vapid,
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          ...(options.topic ? { topic: options.topic } : {}),
          contentEncoding: 'aes128gcm',
          agent,
          timeout: timeoutMs,
        });
        return { kind: 'accepted', status: response.statusCode };
      } catch (error) {
        return classifyPushError(error);
      }
    },
  };
}

export function classifyPushError(error: unknown): PushSendResult {
  if (error instanceof WebPushError) {
    const status = error.statusCode;
    const detail = `push service answered ${status}${error.body ? `: ${String(error.body).slice(0, 200)}` : ''}`;
    if (status === 404 || status === 410) return { kind: 'gone', status };
    if (status === 429 || status >= 500) return { kind: 'unavailable', status, detail };
    return { kind: 'rejected', status, detail };
  }
  const detail = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // The public-only lookup refused the address: the endpoint is not a public push service, for good.
  if (code === 'EPUSHPRIVATE') return { kind: 'rejected', status: 0, detail };
  // Network trouble (refused, reset, DNS, TLS, timeout) passes; anything else (e.g. encrypting to
  // keys that do not work) would fail the same way on every retry.
  if (typeof code === 'string' || /timeout/i.test(detail)) return { kind: 'unavailable', status: null, detail };
  return { kind: 'rejected', status: 0, detail };
}
