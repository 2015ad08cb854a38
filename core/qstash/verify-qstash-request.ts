import 'server-only';
import type { Receiver } from '@upstash/qstash';
import { decodeJwt } from 'jose';
import { AppError } from '../http/app-error';
import { getEnv } from '../config/env';
import { getQStashReceiver } from './qstash-client';

const MAX_BODY_BYTES = 64 * 1024;

export interface VerifiedQStashRequest {
  rawBody: string;
  messageId: string | null;
  retried: number;
  scheduleId: string | null;
}

/**
 * Verifies a QStash delivery before anything else reads it: the signature (current or next
 * key), the body hash over the raw bytes, and that the token was minted for exactly this
 * route's URL, so a token captured for one endpoint cannot be replayed against another.
 * Any failure is a 401 `invalid_signature`.
 */
export async function verifyQStashRequest(
  request: Request,
  routePath: string,
  receiver: Receiver = getQStashReceiver(),
): Promise<VerifiedQStashRequest> {
  const signature = request.headers.get('upstash-signature');
  if (!signature) throw new AppError({ code: 'invalid_signature', message: 'Missing Upstash-Signature header.' });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) {
    throw new AppError({ code: 'payload_too_large', message: 'QStash body too large.' });
  }
  const expectedUrl = `${getEnv().APP_BASE_URL}${routePath}`;
  let valid = false;
  try {
    valid = await receiver.verify({ signature, body: rawBody, url: expectedUrl, clockTolerance: 5 });
  } catch (error) {
    throw new AppError({ code: 'invalid_signature', message: 'Invalid QStash signature.', cause: error });
  }
  if (!valid) throw new AppError({ code: 'invalid_signature', message: 'Invalid QStash signature.' });
  // The SDK accepts a token without `exp`; QStash always sets it, and a token that never expires
  // could be replayed forever, so we insist on it.
  if (typeof decodeJwt(signature).exp !== 'number') {
    throw new AppError({ code: 'invalid_signature', message: 'QStash signature has no expiry.' });
  }
  return {
    rawBody,
    messageId: request.headers.get('upstash-message-id'),
    retried: Number(request.headers.get('upstash-retried') ?? '0') || 0,
    scheduleId: request.headers.get('upstash-schedule-id'),
  };
}
