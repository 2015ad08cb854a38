'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback } from '@/modules/ui';
import type { PreflightCard } from '@/modules/preflight';
import { preflightFixAction } from '../schedule.actions';
import type { ActionResult } from '../schedule.schema';

/**
 * What the last pre-flight check found for a waiting prebooking, each finding in words, and its
 * one-tap fixes: sign in again, move to the class's new time, check again. Cancel is the card's
 * own "Cancel prebooking" button, right below.
 */
export function PreflightNotice({ prebookingId, preflight, onChanged }: { prebookingId: string; preflight: PreflightCard; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const [isPending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const run = (action: () => Promise<ActionResult>) =>
    startTransition(async () => {
      setFeedback(await action().catch(() => ({ ok: false as const, message: t.common.genericError })));
      await onChanged();
    });

  const tone = preflight.state === 'action_needed' ? 'feedback--warn' : 'feedback--ok';
  return (
    <div className={`feedback ${tone}`} data-preflight-state={preflight.state} role={preflight.state === 'action_needed' ? 'alert' : 'status'}>
      {preflight.summary ? <p>{preflight.summary}</p> : null}
      {preflight.findings.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
          {preflight.findings.map((finding) => (
            <li key={finding.code} data-finding={finding.code}>
              {finding.text}
            </li>
          ))}
        </ul>
      ) : null}
      {preflight.fixes.length > 0 ? (
        <div className="prebooking-card__actions">
          {preflight.fixes.includes('sign_in') ? (
            <Link className="button" href="/sign-in?next=/my-classes">
              {t.preflight.signIn}
            </Link>
          ) : null}
          {preflight.fixes.includes('move') ? (
            <button type="button" className="button" disabled={isPending} onClick={() => run(() => preflightFixAction({ prebookingId, action: 'move' }))}>
              {t.preflight.move}
            </button>
          ) : null}
          {preflight.fixes.includes('recheck') ? (
            <button type="button" className="button button--secondary" disabled={isPending} onClick={() => run(() => preflightFixAction({ prebookingId, action: 'recheck' }))}>
              {isPending ? t.preflight.checking : t.preflight.recheck}
            </button>
          ) : null}
        </div>
      ) : null}
      {feedback ? <ActionFeedback result={feedback} /> : null}
    </div>
  );
}
