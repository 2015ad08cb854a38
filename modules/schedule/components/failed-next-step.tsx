'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback } from '@/modules/ui';
import { NEXT_STEP_TEXTS } from '../next-step-texts';
import { dismissPrebookingAction, prebookNextAction } from '../schedule.actions';
import type { ActionResult, ScheduleClass } from '../schedule.schema';

/**
 * On the schedule card, a failed prebooking for this class: why it failed and, besides the card's
 * own Book / Join the waiting list button, "prebook the next one" and "dismiss" in one tap.
 */
export function FailedNextStep({ failure, className }: { failure: NonNullable<ScheduleClass['failure']>; className: string }) {
  const { t, locale } = useI18n();
  const text = NEXT_STEP_TEXTS[locale];
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const run = (call: () => Promise<ActionResult>) =>
    startTransition(async () => {
      const result = await call().catch(() => ({ ok: false as const, message: t.common.genericError }));
      setFeedback(result.message ? result : null);
      if (result.ok) router.refresh();
    });
  return (
    <div className="failed-next-step" data-next-steps={failure.nextSteps.join(' ')}>
      {failure.text ? <p className="prebooking-card__outcome prebooking-card__outcome--failed">{failure.text}</p> : null}
      <div className="next-steps" role="group" aria-label={`${text.prompt} ${className}`}>
        <button type="button" className="button button--secondary" disabled={isPending} onClick={() => run(() => prebookNextAction({ prebookingId: failure.prebookingId }))}>
          {text.prebook_next}
        </button>
        <button type="button" className="button button--secondary" disabled={isPending} onClick={() => run(() => dismissPrebookingAction({ prebookingId: failure.prebookingId }))}>
          {text.dismiss}
        </button>
      </div>
      {feedback ? <ActionFeedback result={feedback} /> : null}
    </div>
  );
}
