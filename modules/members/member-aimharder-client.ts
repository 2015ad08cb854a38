import { getEnv } from '@/core/config/env';
import { AppError } from '@/core/http/app-error';
import type { Database } from '@/core/database/admin-client';
import { logger } from '@/core/logging/logger';
import { createAimHarderClient, type AimHarderClient, type AimHarderHosts } from '@/modules/aimharder';
import { findCredentials, findMemberById, saveSessionCiphertext } from './members.repository';
import { openPassword, openSession, sealSession } from './member-credentials';
import type { MemberAccess } from './members.schema';

export function aimHarderHostsFromEnv(): AimHarderHosts {
  const env = getEnv();
  return {
    loginBaseUrl: env.AIMHARDER_LOGIN_BASE_URL,
    mainBaseUrl: env.AIMHARDER_MAIN_BASE_URL,
    boxBaseUrlTemplate: env.AIMHARDER_BOX_BASE_URL_TEMPLATE,
  };
}

/**
 * An AimHarder client acting as the member: their stored session, and their decrypted
 * credentials for an automatic re-login, whose new session is stored encrypted again. `preloaded`
 * saves the database reads when the caller already has them (the execution's claim does).
 */
export async function createMemberAimHarderClient(db: Database, memberId: string, preloaded?: MemberAccess): Promise<AimHarderClient> {
  const { email, credentials } = preloaded ?? (await loadMemberAccess(db, memberId));
  if (!credentials) {
    throw new AppError({
      code: 'unprocessable',
      message: 'Prebooker no longer has your AimHarder credentials (you asked it to forget them). Sign in again to book.',
    });
  }
  const env = getEnv();
  let session: string | undefined;
  if (credentials.sessionCiphertext) {
    try {
      session = openSession(memberId, credentials.sessionCiphertext);
    } catch (error) {
      // A session we cannot open is just a session we do not have: the client logs in again.
      logger.warn('stored AimHarder session could not be decrypted', { memberId, error: String(error) });
    }
  }
  return createAimHarderClient({
    hosts: aimHarderHostsFromEnv(),
    credentials: { email, password: openPassword(memberId, credentials.passwordCiphertext) },
    session,
    fingerprint: credentials.fingerprint,
    timeoutMs: env.AIMHARDER_TIMEOUT_MS,
    proxyUrl: env.AIMHARDER_PROXY_URL,
    logger: {
      info: (message, data) => logger.info(message, { memberId, ...(data as Record<string, unknown>) }),
      warn: (message, data) => logger.warn(message, { memberId, ...(data as Record<string, unknown>) }),
      error: (message, data) => logger.error(message, { memberId, ...(data as Record<string, unknown>) }),
    },
    onSessionChanged: (serialized) => {
      saveSessionCiphertext(db, memberId, sealSession(memberId, serialized)).catch((error: unknown) =>
        logger.warn('could not store the refreshed AimHarder session', { memberId, error: String(error) }),
      );
    },
  });
}

async function loadMemberAccess(db: Database, memberId: string): Promise<MemberAccess> {
  const [member, credentials] = await Promise.all([findMemberById(db, memberId), findCredentials(db, memberId)]);
  if (!member) throw new AppError({ code: 'not_found', message: `Member ${memberId} does not exist.` });
  return { email: member.email, credentials };
}
