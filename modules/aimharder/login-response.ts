import type { AimHarderLoginFailureReason } from './aimharder-errors';
import type { HttpAnswer } from './aimharder-transport';
import { loginFailureSchema, loginSuccessSchema, roleSchema, userDataSchema } from './aimharder.schema';
import type { AimHarderIdentity, AimHarderMembership } from './aimharder.types';
import type { z } from 'zod';

export type LoginReading =
  | { ok: true; identity: AimHarderIdentity; refreshToken: string | null }
  | { ok: false; reason: AimHarderLoginFailureReason; detail: string; unexpected: boolean };

/**
 * The JSON login answers failure two ways (reference §2.3, §9.2): HTTP 200 without `authOK`
 * (reason in a top-level `info`), or HTTP 401 `{"error":{"message":"LOGIN_ERROR_LOGIN"}}`.
 * Success needs both `authOK` and the `amhrdrauth` cookie (rudeayelo).
 */
export function readLoginAnswer(answer: HttpAnswer, receivedAuthCookie: boolean): LoginReading {
  const json = parseJson(answer.body);
  const failureText = json === undefined ? '' : failureTextOf(json);
  const byText = reasonFromText(failureText);

  if (answer.status === 429) return failure('too_many_attempts', `HTTP 429 ${failureText}`);
  if (answer.status === 401) return failure(byText ?? 'wrong_credentials', `HTTP 401 ${failureText}`);
  // fitbot: AimHarder answers 403 to IPs outside Spain (hence the proxy option).
  if (answer.status === 403) return failure(byText ?? 'blocked', `HTTP 403 ${failureText}`);
  if (answer.status >= 500) return failure('unreachable', `HTTP ${answer.status}`);
  if (answer.status < 200 || answer.status >= 300) return unexpected(`HTTP ${answer.status} ${failureText}`);
  if (json === undefined) return unexpected('the login answer is not JSON (an HTML page?)');

  const success = loginSuccessSchema.safeParse(json);
  if (success.success) {
    if (!receivedAuthCookie) return unexpected('authOK without an amhrdrauth cookie');
    const { userData, auth } = success.data.data;
    return { ok: true, identity: toIdentity(userData), refreshToken: auth.refreshToken ?? null };
  }

  const failed = loginFailureSchema.safeParse(json);
  if (failed.success && (failed.data.info !== undefined || failed.data.error !== undefined || failed.data.data?.auth)) {
    return failure(byText ?? 'wrong_credentials', `HTTP 200 without authOK ${failureText}`);
  }
  return unexpected('HTTP 200 with neither authOK nor a reason');
}

export function toIdentity(userData: z.infer<typeof userDataSchema>): AimHarderIdentity {
  return { userId: userData.id, name: (userData.name ?? '').trim(), memberships: membershipsFrom(userData.roles ?? []) };
}

/** Roles give each box's id (`boid`) and host (`centre_url`); a role lacking either is no usable box. */
function membershipsFrom(roles: readonly unknown[]): AimHarderMembership[] {
  const byBox = new Map<number, AimHarderMembership>();
  for (const candidate of roles) {
    const role = roleSchema.safeParse(candidate);
    if (!role.success) continue;
    const boxId = role.data.boid;
    const subdomain = subdomainOf(role.data.centre_url ?? null);
    if (typeof boxId !== 'number' || !Number.isInteger(boxId) || boxId <= 0 || !subdomain || byBox.has(boxId)) continue;
    byBox.set(boxId, { boxId, subdomain, name: (role.data.gym ?? '').trim() || subdomain });
  }
  return [...byBox.values()];
}

/** "mybox.aimharder.com", "https://mybox.aimharder.es/" → "mybox". */
export function subdomainOf(centreUrl: string | null): string | null {
  if (!centreUrl) return null;
  const host = centreUrl.trim().replace(/^[a-z]+:\/\//i, '').split(/[/?#:]/)[0] ?? '';
  const label = host.split('.')[0]?.toLowerCase() ?? '';
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label) && label !== 'www' ? label : null;
}

function reasonFromText(text: string): AimHarderLoginFailureReason | null {
  if (!text) return null;
  if (/demasiad|too.?many|massa (?:vegades|intents)|TOO_MANY/i.test(text)) return 'too_many_attempts';
  if (/bloque|bloquej|blocked|suspend|desactivad|disabled|BLOCKED/i.test(text)) return 'blocked';
  if (/incorrect|no son correct|LOGIN_ERROR_LOGIN|wrong|invalid|no existe|not exist|credencial/i.test(text)) return 'wrong_credentials';
  return null;
}

function failureTextOf(json: unknown): string {
  const parsed = loginFailureSchema.safeParse(json);
  if (!parsed.success) return '';
  const { info, error } = parsed.data;
  const parts = [typeof info === 'string' ? info : info === undefined ? '' : JSON.stringify(info)];
  if (typeof error === 'string') parts.push(error);
  else if (error?.message) parts.push(error.message);
  return parts.filter(Boolean).join(' ').slice(0, 300);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function failure(reason: AimHarderLoginFailureReason, detail: string): LoginReading {
  return { ok: false, reason, detail: detail.trim(), unexpected: false };
}

function unexpected(detail: string): LoginReading {
  return { ok: false, reason: 'unexpected_response', detail, unexpected: true };
}
