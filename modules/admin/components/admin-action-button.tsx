'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback } from '@/modules/ui';
import { adminTexts } from '../admin-texts';
import { adminCancelPrebookingAction, retryPrebookingAction, type AdminActionResult } from '../admin.actions';

/**
 * "Retry now" / "Cancel prebooking" with a pending state and the outcome inline. `refresh: false`
 * where refreshing would remove the row, and its answer with it, before the admin has read it
 * (a retried item leaves "Needs attention"): the list updates on the next load.
 */
export function AdminActionButton({ action, prebookingId, context, refresh = true }: { action: 'retry' | 'cancel'; prebookingId: string; context?: string; refresh?: boolean }) {
  const { t, locale } = useI18n();
  const { admin } = adminTexts(locale);
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [result, setResult] = useState<AdminActionResult | null>(null);
  const label = action === 'retry' ? admin.retryNow : admin.cancel;
  const pendingLabel = action === 'retry' ? admin.retrying : t.prebookings.cancelling;
  return (
    <div className="inline-action">
      {result?.ok && !refresh ? null : (
        <button
          type="button"
          className={action === 'retry' ? 'button' : 'button button--secondary'}
          disabled={isPending}
          onClick={() =>
            startTransition(async () => {
              const call = action === 'retry' ? retryPrebookingAction : adminCancelPrebookingAction;
              const outcome = await call({ prebookingId }).catch(() => ({ ok: false as const, message: t.common.genericError }));
              setResult(outcome);
              if (outcome.ok && refresh) router.refresh();
            })
          }
        >
          {isPending ? pendingLabel : label}
          {context ? <span className="sr-only">{` — ${context}`}</span> : null}
        </button>
      )}
      <ActionFeedback result={result} />
    </div>
  );
}
