'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCommonI18n } from '@/modules/i18n';

/** The part of a server action's answer the member reads. */
export interface FeedbackResult {
  ok: boolean;
  message: string;
  reason?: string;
}

/** Where to come back to after signing in again: this very page, query included. */
export function useReturnPath(): string {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return `${pathname}${search ? `?${search}` : ''}`;
}

/**
 * The answer to an action, inline. A session that ended is not "something went wrong": it says
 * so and links to sign-in, which brings the member back to this page.
 */
export function ActionFeedback({ result, okMessage }: { result: FeedbackResult | null; okMessage?: string }) {
  const { t } = useCommonI18n();
  const returnPath = useReturnPath();
  if (!result) return null;
  if (!result.ok && result.reason === 'unauthenticated') {
    return (
      <p className="feedback feedback--error" role="alert" data-reason="unauthenticated">
        {t.ui.sessionEnded}{' '}
        <Link href={`/sign-in?next=${encodeURIComponent(returnPath)}`} className="text-link">
          {t.ui.signInAgain}
        </Link>
        .
      </p>
    );
  }
  return (
    <p className={`feedback ${result.ok ? 'feedback--ok' : 'feedback--error'}`} role={result.ok ? 'status' : 'alert'}>
      {result.ok && okMessage ? okMessage : result.message}
    </p>
  );
}
