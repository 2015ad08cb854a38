import { ECDH } from 'node:crypto';
import { z } from 'zod';

/** A browser's PushSubscription keys: P-256 public key (uncompressed point) and the auth secret. */
const P256DH_BYTES = 65;
const AUTH_BYTES = 16;

const base64UrlOfLength = (bytes: number, what: string) =>
  z
    .string({ message: `must be the ${what} as base64url` })
    .max(200, { message: `must be the ${what} as base64url` })
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { message: `must be the ${what} as base64url` })
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, { message: `must be ${bytes} bytes (the ${what})` });

function isOnCurve(point: Buffer): boolean {
  try {
    ECDH.convertKey(point, 'prime256v1', undefined, undefined, 'uncompressed');
    return true;
  } catch {
    return false;
  }
}

/**
 * What `PushSubscription.toJSON()` gives, plus the label the member sees in their device list.
 * The endpoint's safety (https, not a private address) is checked separately by the endpoint guard,
 * which needs the deployment's configuration.
 */
export const pushSubscriptionInputSchema = z.strictObject({
  endpoint: z.url({ protocol: /^https$/, message: 'must be an https URL (the push service endpoint)' }).max(2048, { message: 'must be at most 2048 characters' }),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: base64UrlOfLength(P256DH_BYTES, 'P-256 public key')
      .refine((value) => Buffer.from(value, 'base64url')[0] === 0x04, { message: 'must be an uncompressed P-256 point (starting 0x04)' })
      // A point off the curve would only fail later, at every send; refuse it now.
      .refine((value) => isOnCurve(Buffer.from(value, 'base64url')), { message: 'must be a point on the P-256 curve' }),
    auth: base64UrlOfLength(AUTH_BYTES, 'auth secret'),
  }),
  deviceLabel: z.string().trim().min(1).max(80, { message: 'must be at most 80 characters' }).optional(),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushDeviceIdSchema = z.uuid({ message: 'must be a device id' });

/** A device as the member sees it in their list; never the endpoint or keys. */
export interface PushDevice {
  id: string;
  label: string;
  createdAt: string;
  lastSentAt: string | null;
  /** SHA-256 of the endpoint, so a page can tell which entry is the device it runs on. */
  endpointHash: string;
}

/** A subscription opened for sending (server-only). */
export interface PushTarget {
  id: string;
  memberId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}
