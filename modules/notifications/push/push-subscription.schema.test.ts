import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { pushSubscriptionInputSchema } from './push-subscription.schema';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const valid = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
  expirationTime: null,
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  deviceLabel: 'Chrome on Android',
};

const fieldsOf = (input: unknown) => {
  const result = pushSubscriptionInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('a push subscription as the browser sends it', () => {
  test('PushSubscription.toJSON() with a label is accepted', () => {
    expect(fieldsOf(valid)).toEqual([]);
  });

  test.each([
    [{ ...valid, endpoint: 'http://fcm.googleapis.com/x' }, 'endpoint: must be an https URL'],
    [{ ...valid, endpoint: `https://fcm.googleapis.com/${'a'.repeat(2100)}` }, 'endpoint: must be at most 2048 characters'],
    [{ ...valid, keys: { ...valid.keys, p256dh: randomBytes(64).toString('base64url') } }, 'keys.p256dh: must be 65 bytes'],
    [{ ...valid, keys: { ...valid.keys, p256dh: Buffer.concat([Buffer.from([2]), randomBytes(64)]).toString('base64url') } }, 'keys.p256dh: must be an uncompressed P-256 point'],
    [{ ...valid, keys: { ...valid.keys, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url') } }, 'keys.p256dh: must be a point on the P-256 curve'],
    [{ ...valid, keys: { ...valid.keys, auth: randomBytes(12).toString('base64url') } }, 'keys.auth: must be 16 bytes'],
    [{ ...valid, keys: { ...valid.keys, auth: 'a+b/c=d!' } }, 'keys.auth: must be the auth secret as base64url'],
    [{ ...valid, deviceLabel: 'x'.repeat(81) }, 'deviceLabel: must be at most 80 characters'],
    [{ ...valid, extra: true }, ''],
  ])('refuses %#', (input, expected) => {
    const problems = fieldsOf(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(expected);
  });
});
