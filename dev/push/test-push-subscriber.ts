import { createECDH, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { decrypt } from 'http_ece';
import type { RecordedPush } from './push-service';

/**
 * What a browser holds when it subscribes: a P-256 key pair and a 16-byte auth secret, and an
 * endpoint on the push service. Tests make one on dev/push and decrypt what reaches it with the
 * private key, exactly as the browser would (RFC 8291, aes128gcm).
 */
export interface TestPushSubscriber {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  decrypt(push: RecordedPush): unknown;
}

export function createTestPushSubscriber(pushServiceUrl: string): TestPushSubscriber {
  const ecdh: ECDH = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  const id = randomUUID().replace(/-/g, '');
  return {
    id,
    endpoint: `${pushServiceUrl}/push/${id}`,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    decrypt(push) {
      const plaintext = decrypt(Buffer.from(push.body, 'base64url'), { version: 'aes128gcm', privateKey: ecdh, authSecret: auth });
      return JSON.parse(plaintext.toString('utf8')) as unknown;
    },
  };
}
