import 'server-only';
import { cookies, headers } from 'next/headers';
import type { z } from 'zod';
import { getAdminDatabase } from '@/core/database/admin-client';
import { isAppError } from '@/core/http/app-error';
import { logger } from '@/core/logging/logger';
import { getCurrentMember } from '@/modules/auth';
import { LOCALE_COOKIE_NAME, getDictionary, localizeError, resolveLocale, type Locale } from '@/modules/i18n';
import type { Member } from '@/modules/members';

/** What every server action answers when it cannot do what was asked: a sentence the member can read. */
export interface ActionFailure {
  ok: false;
  message: string;
  reason?: string;
}

/**
 * The frame of every server action: the caller's language, a signed-in member (an admin when
 * `requireAdmin`), the input validated with `schema`, and any failure turned into a readable
 * `{ ok: false }`. Server actions are public HTTP endpoints: none of this can be skipped.
 */
export async function runSessionAction<T extends z.ZodType, R extends { ok: boolean; message: string }>(
  name: string,
  access: { schema: T; requireAdmin?: boolean },
  input: unknown,
  handler: (member: Member, input: z.infer<T>, locale: Locale) => Promise<R>,
): Promise<R | ActionFailure> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE_NAME)?.value, headerList.get('accept-language'));
  const t = getDictionary(locale);
  try {
    const member = await getCurrentMember(getAdminDatabase());
    if (!member) return { ok: false, message: t.errors.unauthenticated!, reason: 'unauthenticated' };
    if (access.requireAdmin && member.role !== 'admin') return { ok: false, message: t.errors.forbidden!, reason: 'forbidden' };
    const parsed = access.schema.safeParse(input);
    if (!parsed.success) return { ok: false, message: t.errors.validation!, reason: 'validation' };
    return await handler(member, parsed.data, locale);
  } catch (error) {
    if (isAppError(error)) {
      if (error.status >= 500) logger.error('action failed', { action: name, code: error.code, error: String(error.cause ?? error.message) });
      return { ok: false, message: localizeError(error, locale), reason: error.reason ?? error.code };
    }
    logger.error('action failed', { action: name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return { ok: false, message: t.common.genericError, reason: 'internal' };
  }
}
