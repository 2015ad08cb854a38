'use server';

import { cookies } from 'next/headers';
import { getAdminDatabase } from '@/core/database/admin-client';
import { logger } from '@/core/logging/logger';
import { getCurrentMember } from '@/modules/auth';
import { updateMemberLocale } from '@/modules/members';
import { LOCALE_COOKIE_MAX_AGE_SECONDS, LOCALE_COOKIE_NAME, isLocale } from './locale';

/** Remembers the chosen language in a cookie (and on the member, for messages sent later). */
export async function setLocaleAction(locale: unknown): Promise<{ ok: boolean }> {
  if (!isLocale(locale)) return { ok: false };
  (await cookies()).set(LOCALE_COOKIE_NAME, locale, {
    path: '/',
    maxAge: LOCALE_COOKIE_MAX_AGE_SECONDS,
    sameSite: 'lax',
    httpOnly: true,
  });
  try {
    const db = getAdminDatabase();
    const member = await getCurrentMember(db);
    if (member && member.locale !== locale) await updateMemberLocale(db, member.id, locale);
  } catch (error) {
    // The cookie already carries the choice; the stored preference only matters for later emails.
    logger.warn('could not store the language preference', { error: String(error) });
  }
  return { ok: true };
}
