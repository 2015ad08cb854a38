import { importJWK, jwtVerify } from 'jose';

export type VapidCheck = { ok: true; subject: string; publicKey: string } | { ok: false; status: 401 | 403; reason: string };

const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

/**
 * RFC 8292 as push services apply it: `Authorization: vapid t=<JWT>, k=<public key>`, the JWT
 * signed ES256 by that key, `aud` = the push service's origin, `exp` no more than 24 h ahead, and a
 * `sub` contact (mailto: or https:). Missing → 401; present but wrong → 403.
 */
export async function checkVapid(authorization: string | undefined, audience: string, nowMs: number): Promise<VapidCheck> {
  if (!authorization) return { ok: false, status: 401, reason: 'missing Authorization (VAPID)' };
  const match = /^vapid\s+(.+)$/i.exec(authorization.trim());
  if (!match) return { ok: false, status: 401, reason: 'Authorization is not the vapid scheme' };
  const params = Object.fromEntries(
    match[1]!.split(',').map((part) => {
      const [name, ...rest] = part.trim().split('=');
      return [name!.trim().toLowerCase(), rest.join('=').trim()];
    }),
  );
  const token = params.t;
  const key = params.k;
  if (!token || !key) return { ok: false, status: 401, reason: 'vapid needs t= and k=' };
  const raw = Buffer.from(key, 'base64url');
  if (raw.length !== 65 || raw[0] !== 0x04) return { ok: false, status: 403, reason: 'k is not an uncompressed P-256 public key' };
  try {
    const publicKey = await importJWK({ kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, 'ES256');
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['ES256'], audience, currentDate: new Date(nowMs) });
    if (typeof payload.exp !== 'number' || payload.exp > nowMs / 1000 + MAX_EXPIRY_SECONDS) return { ok: false, status: 403, reason: 'exp must be within 24 hours' };
    if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) return { ok: false, status: 403, reason: 'sub must be a mailto: or https: contact' };
    return { ok: true, subject: payload.sub, publicKey: key };
  } catch (error) {
    return { ok: false, status: 403, reason: `invalid VAPID token: ${error instanceof Error ? error.message : String(error)}` };
  }
}
