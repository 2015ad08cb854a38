import { SignJWT, jwtVerify } from 'jose';
import { getEnv } from '@/core/config/env';

export const SESSION_COOKIE_NAME = 'prebooker_session';
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface SessionClaims {
  memberId: string;
  /** Must equal members.session_version: bumping it revokes every cookie issued before. */
  sessionVersion: number;
}

const secretKey = () => new TextEncoder().encode(getEnv().SESSION_SECRET);

export async function issueSessionToken(claims: SessionClaims, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({ sv: claims.sessionVersion })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.memberId)
    .setIssuer('prebooker')
    .setAudience('prebooker-web')
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + SESSION_TTL_SECONDS)
    .sign(secretKey());
}

/** The claims of a valid, unexpired token we issued; null for anything else. */
export async function verifySessionToken(token: string): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(), { issuer: 'prebooker', audience: 'prebooker-web', algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string' || typeof payload.sv !== 'number') return null;
    return { memberId: payload.sub, sessionVersion: payload.sv };
  } catch {
    return null;
  }
}

/** Cookie attributes: HttpOnly, SameSite=Lax, Secure whenever the app is served over https. */
export function sessionCookieOptions(): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; maxAge: number } {
  return { httpOnly: true, sameSite: 'lax', secure: getEnv().APP_BASE_URL.startsWith('https://'), path: '/', maxAge: SESSION_TTL_SECONDS };
}

export function serializeSessionCookie(token: string): string {
  const options = sessionCookieOptions();
  return [
    `${SESSION_COOKIE_NAME}=${token}`,
    'Path=/',
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function serializeClearedSessionCookie(): string {
  return `${SESSION_COOKIE_NAME}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${sessionCookieOptions().secure ? '; Secure' : ''}`;
}
