import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * Mints Upstash-Signature JWTs the way QStash does (HS256 over the signing key's UTF-8 bytes,
 * sub = delivered URL, body = base64url SHA-256 of the exact bytes), so tests can craft valid,
 * forged, expired, tampered and wrong-URL deliveries.
 */
export async function signQStashBody(input: {
  key: string;
  url: string;
  body: string;
  issuedAtSeconds?: number;
  lifetimeSeconds?: number;
  issuer?: string;
  bodyHashOf?: string;
}): Promise<string> {
  const iat = input.issuedAtSeconds ?? Math.floor(Date.now() / 1000);
  const hash = createHash('sha256').update(input.bodyHashOf ?? input.body).digest('base64url');
  return new SignJWT({ body: hash })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(input.issuer ?? 'Upstash')
    .setSubject(input.url)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (input.lifetimeSeconds ?? 300))
    .setJti(`jwt_${randomUUID()}`)
    .sign(new TextEncoder().encode(input.key));
}
