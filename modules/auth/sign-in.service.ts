import type { Database } from '@/core/database/admin-client';
import { getEnv } from '@/core/config/env';
import { AppError } from '@/core/http/app-error';
import { logger } from '@/core/logging/logger';
import { AimHarderLoginError, createAimHarderClient, deriveFingerprint } from '@/modules/aimharder';
import {
  aimHarderHostsFromEnv,
  bumpSessionVersion,
  deleteCredentials,
  saveCredentials,
  sealPassword,
  sealSession,
  syncMemberBoxes,
  upsertMember,
  type Member,
} from '@/modules/members';
import type { SignInInput } from './auth.schema';
import { reserveSignInAttempt, settleSignInAttempt } from './sign-in-throttle';
import { issueSessionToken } from './session-token';

export interface SignInResult {
  member: Member;
  sessionToken: string;
}

const LOGIN_FAILURES: Record<AimHarderLoginError['reason'], { code: 'unauthenticated' | 'rate_limited' | 'upstream_unavailable'; message: string }> = {
  wrong_credentials: { code: 'unauthenticated', message: 'AimHarder did not accept that email and password.' },
  too_many_attempts: { code: 'rate_limited', message: 'AimHarder has blocked sign-in for this account after too many attempts. Wait a few minutes and try again.' },
  unreachable: { code: 'upstream_unavailable', message: 'AimHarder is not answering right now. Try again in a moment.' },
  blocked: { code: 'upstream_unavailable', message: 'AimHarder refused the connection from our server. Try again later.' },
  unexpected_response: { code: 'upstream_unavailable', message: 'AimHarder answered in a way we did not understand. Try again later.' },
};

/**
 * Signs a member in with their AimHarder email and password: logs into AimHarder, records the
 * member and their boxes, stores the credentials and session encrypted (needed to book at the
 * opening instant while the member sleeps), and issues our own session token.
 */
export async function signIn(db: Database, input: SignInInput, clientAddress: string): Promise<SignInResult> {
  // Reserved before AimHarder is asked: every attempt that reaches it has been counted.
  const reservation = await reserveSignInAttempt(db, input.email, clientAddress);
  const fingerprint = deriveFingerprint(input.email);
  let capturedSession: string | undefined;
  const client = createAimHarderClient({
    hosts: aimHarderHostsFromEnv(),
    credentials: { email: input.email, password: input.password },
    fingerprint,
    timeoutMs: getEnv().AIMHARDER_TIMEOUT_MS,
    proxyUrl: getEnv().AIMHARDER_PROXY_URL,
    onSessionChanged: (serialized) => {
      capturedSession = serialized;
    },
  });

  let identity;
  try {
    identity = await client.login();
  } catch (error) {
    // Every answer but a success counts: AimHarder's own lock-out, "blocked" or an error may hide a
    // password attempt just as well, and an attacker must not get free tries out of them.
    await settleSignInAttempt(db, reservation, false);
    if (error instanceof AimHarderLoginError) {
      const failure = LOGIN_FAILURES[error.reason];
      throw new AppError({ code: failure.code, reason: error.reason, message: failure.message, cause: error });
    }
    throw new AppError({ code: 'upstream_unavailable', reason: 'unreachable', message: LOGIN_FAILURES.unreachable.message, cause: error });
  }
  await settleSignInAttempt(db, reservation, true);

  const role = getEnv().ADMIN_EMAILS.includes(input.email) ? 'admin' : 'member';
  const member = await upsertMember(db, {
    aimharderUserId: identity.userId,
    email: input.email,
    displayName: identity.name || input.email,
    role,
  });
  await syncMemberBoxes(db, member.id, identity.memberships);
  await saveCredentials(db, {
    memberId: member.id,
    passwordCiphertext: sealPassword(member.id, input.password),
    sessionCiphertext: sealSession(member.id, capturedSession ?? client.exportSession()),
    fingerprint,
  });
  logger.info('member signed in', { memberId: member.id, boxes: identity.memberships.length, role });
  return { member, sessionToken: await issueSessionToken({ memberId: member.id, sessionVersion: member.sessionVersion }) };
}

/**
 * Signs the member out everywhere (every issued cookie stops working). With `forget`, the stored
 * AimHarder credentials and session are deleted too: pending prebookings can then no longer fire.
 */
export async function signOut(db: Database, member: Member, options: { forget: boolean }): Promise<void> {
  await bumpSessionVersion(db, member.id, member.sessionVersion);
  if (options.forget) await deleteCredentials(db, member.id);
  logger.info('member signed out', { memberId: member.id, forgot: options.forget });
}
