import { Agent, fetch } from 'undici';
import type { RecordedPush } from './push-service';

/**
 * Talks to dev/push over https, trusting only its own certificate (not the system's, not
 * NODE_TLS_REJECT_UNAUTHORIZED=0): used by dev/stack to wait for it and by tests to read pushes.
 */
export function createPushControlClient(baseUrl: string, caPem: string) {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      dispatcher,
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(5_000),
    });
    const json = (await response.json()) as unknown;
    if (!response.ok) throw new Error(`dev/push ${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  };
  return {
    health: () => call('/__push/health') as Promise<{ ok: true; messages: number }>,
    messages: async (subscriptionId?: string) =>
      ((await call(`/__push/messages${subscriptionId ? `?subscription=${encodeURIComponent(subscriptionId)}` : ''}`)) as { messages: RecordedPush[] }).messages,
    /** The next pushes to this subscription get these statuses, in order; then 201 again. */
    scriptReplies: (subscriptionId: string, statuses: number[]) => call(`/__push/subscriptions/${encodeURIComponent(subscriptionId)}/replies`, { method: 'PUT', body: { statuses } }),
    reset: () => call('/__push/messages', { method: 'DELETE' }),
    close: () => dispatcher.close(),
  };
}

export type PushControlClient = ReturnType<typeof createPushControlClient>;
