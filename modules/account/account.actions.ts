'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAdminDatabase } from '@/core/database/admin-client';
import { isAppError } from '@/core/http/app-error';
import { clientAddress } from '@/core/http/client-address';
import { logger } from '@/core/logging/logger';
import { PASSWORD_MAX_LENGTH, SESSION_COOKIE_NAME, getCurrentMember, sessionCookieOptions, signIn, signInInputSchema, signOut } from '@/modules/auth';
import { LOCALE_COOKIE_NAME, getDictionary, localizeError, resolveLocale } from '@/modules/i18n';
import { safeNextPath } from './safe-next-path';

export interface SignInState {
  error?: string;
  /** Machine-readable cause (wrong_credentials, too_many_attempts, throttled, unreachable, …). */
  reason?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
}

/**
 * The sign-in form's action: logs into AimHarder through modules/auth, then sets our session
 * cookie (HttpOnly, SameSite=Lax, Secure over https) and goes where the visitor was heading.
 */
export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale(cookieStore.get(LOCALE_COOKIE_NAME)?.value, headerList.get('accept-language'));
  const t = getDictionary(locale);
  const email = String(formData.get('email') ?? '').trim();
  const parsed = signInInputSchema.safeParse({ email, password: String(formData.get('password') ?? '') });
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((issue) => issue.path[0]));
    const passwordTooLong = parsed.error.issues.some((issue) => issue.path[0] === 'password' && issue.code === 'too_big');
    return {
      email,
      reason: 'validation',
      fieldErrors: {
        ...(fields.has('email') ? { email: t.signIn.errors.email } : {}),
        ...(fields.has('password') ? { password: passwordTooLong ? t.ui.passwordTooLong(PASSWORD_MAX_LENGTH) : t.signIn.errors.password } : {}),
      },
    };
  }

  let sessionToken: string;
  try {
    // clientAddress reads the forwarding headers of a Request; a server action has only the headers.
    const address = clientAddress(new Request('http://prebooker.local/', { headers: headerList }));
    ({ sessionToken } = await signIn(getAdminDatabase(), parsed.data, address));
  } catch (error) {
    if (isAppError(error)) {
      const known = error.reason ? (t.signIn.errors as Record<string, string>)[error.reason] : undefined;
      if (error.status >= 500 && error.reason !== 'unreachable') logger.error('sign-in failed', { code: error.code, reason: error.reason });
      return { email, reason: error.reason ?? error.code, error: known ?? localizeError(error, locale) };
    }
    logger.error('sign-in failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return { email, reason: 'internal', error: t.common.genericError };
  }
  cookieStore.set(SESSION_COOKIE_NAME, sessionToken, sessionCookieOptions());
  redirect(safeNextPath(formData.get('next')));
}

/** Signs out everywhere; with "forget" ticked, also deletes the stored AimHarder credentials. */
export async function signOutAction(formData: FormData): Promise<void> {
  const db = getAdminDatabase();
  const member = await getCurrentMember(db);
  if (member) await signOut(db, member, { forget: formData.get('forget') === 'on' });
  (await cookies()).set(SESSION_COOKIE_NAME, '', { ...sessionCookieOptions(), maxAge: 0 });
  redirect('/sign-in');
}
