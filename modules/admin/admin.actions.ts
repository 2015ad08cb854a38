'use server';

import { cookies, headers } from 'next/headers';
import { z } from 'zod';
import { getAdminDatabase } from '@/core/database/admin-client';
import { isAppError } from '@/core/http/app-error';
import { logger } from '@/core/logging/logger';
import { getCurrentMember } from '@/modules/auth';
import { LOCALE_COOKIE_NAME, getDictionary, localizeError, resolveLocale, type Dictionary } from '@/modules/i18n';
import type { Member } from '@/modules/members';
import { cancelPrebooking, getPrebookingDependencies, prebookingIdSchema, retryPrebooking } from '@/modules/prebooking';

export type AdminActionResult = { ok: true; message: string } | { ok: false; message: string; reason?: string };

const inputSchema = z.strictObject({ prebookingId: prebookingIdSchema });

async function runAdminAction(
  name: string,
  input: unknown,
  handler: (admin: Member, prebookingId: string, t: Dictionary) => Promise<string>,
): Promise<AdminActionResult> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE_NAME)?.value, headerList.get('accept-language'));
  const t = getDictionary(locale);
  try {
    const member = await getCurrentMember(getAdminDatabase());
    if (!member) return { ok: false, message: t.errors.unauthenticated!, reason: 'unauthenticated' };
    if (member.role !== 'admin') return { ok: false, message: t.errors.forbidden!, reason: 'forbidden' };
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, message: t.errors.validation!, reason: 'validation' };
    return { ok: true, message: await handler(member, parsed.data.prebookingId, t) };
  } catch (error) {
    if (isAppError(error)) {
      if (error.status >= 500) logger.error('admin action failed', { action: name, code: error.code, error: String(error.cause ?? error.message) });
      return { ok: false, message: localizeError(error, locale), reason: error.reason ?? error.code };
    }
    logger.error('admin action failed', { action: name, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return { ok: false, message: t.common.genericError, reason: 'internal' };
  }
}

/** "Retry now" for a failed prebooking whose class has not started. */
export async function retryPrebookingAction(input: unknown): Promise<AdminActionResult> {
  return runAdminAction('retryPrebooking', input, async (admin, prebookingId, t) => {
    await retryPrebooking(getPrebookingDependencies(), admin, prebookingId);
    return t.admin.retried;
  });
}

export async function adminCancelPrebookingAction(input: unknown): Promise<AdminActionResult> {
  return runAdminAction('adminCancelPrebooking', input, async (admin, prebookingId, t) => {
    await cancelPrebooking(getPrebookingDependencies(), admin, prebookingId);
    return t.prebookings.cancelled;
  });
}
