import 'server-only';
import { Client, Receiver } from '@upstash/qstash';
import { getEnv } from '../config/env';

let client: Client | undefined;
let receiver: Receiver | undefined;

/** The official QStash client, pointed at QSTASH_URL (Upstash in production, dev/qstash locally). */
export function getQStashClient(): Client {
  if (!client) {
    const env = getEnv();
    client = new Client({
      baseUrl: env.QSTASH_URL,
      token: env.QSTASH_TOKEN,
      enableTelemetry: false,
      devMode: false,
      // The SDK retries network errors with backoff; a member waiting on "Prebook" should not wait long.
      retry: { retries: 2, backoff: (attempt) => 100 * 2 ** attempt },
    });
  }
  return client;
}

/**
 * The official Receiver with the current and next signing keys (key rotation keeps working).
 * `devMode: false` always: left undefined, the SDK reads QSTASH_DEV and, when it is set, ignores
 * these keys and trusts its own published dev keys, with which anyone can sign a delivery.
 */
export function getQStashReceiver(): Receiver {
  if (!receiver) {
    const env = getEnv();
    receiver = new Receiver({ currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY, devMode: false });
  }
  return receiver;
}
