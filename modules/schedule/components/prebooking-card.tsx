'use client';

import { useActionState, useEffect } from 'react';
import { formatCountdown, formatDateTime } from '@/modules/i18n';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback } from '@/modules/ui';
import { isFiring } from '../cancel-window';
import { cancelPrebookingFormAction } from '../schedule.actions';
import type { PrebookingCard } from '../schedule.schema';
import { PreflightNotice } from './preflight-notice';
import { useNow } from './use-now';

/** One prebooking on "My classes": its class, its opening countdown, its pre-flight findings and fixes, its outcome, and cancel. */
export function PrebookingCardView({ card, onChanged }: { card: PrebookingCard; onChanged: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const [result, formAction, isPending] = useActionState(cancelPrebookingFormAction, null);
  const msToOpening = now === null ? null : Date.parse(card.availableAt) - now;
  const firing = card.active && isFiring(card, now);
  // Hidden once the booking request may be committed: the server would refuse it (409).
  const cancellable = (card.status === 'pending' || card.status === 'scheduled') && !firing;

  useEffect(() => {
    if (result?.ok) void onChanged();
  }, [result, onChanged]);

  return (
    <article className={`prebooking-card prebooking-card--${card.displayStatus}`} aria-labelledby={`prebooking-${card.id}`} data-prebooking-id={card.id}>
      <div className="prebooking-card__heading">
        <h3 id={`prebooking-${card.id}`}>{card.className}</h3>
        <span aria-live="polite">
          <span className="badge" data-status={firing ? 'executing' : card.displayStatus}>
            {t.status[firing ? 'executing' : card.displayStatus]}
          </span>
        </span>
      </div>
      <p className="muted">
        {t.prebookings.classAt(formatDateTime(card.classStartsAt, card.timeZone, locale))} · {card.boxName}
      </p>
      {card.active ? (
        <p className="prebooking-card__opening">
          {firing ? (
            <span>{msToOpening !== null && msToOpening <= 0 ? t.prebookings.bookingNow : t.classCard.bookingAtOpening}</span>
          ) : (
            <>
              {t.prebookings.opensAt(formatDateTime(card.availableAt, card.timeZone, locale))}
              {' · '}
              {msToOpening !== null && msToOpening > 0 ? (
                <span role="timer" className="countdown">
                  {t.prebookings.opensIn(formatCountdown(msToOpening))}
                </span>
              ) : (
                <span>{t.prebookings.waiting}</span>
              )}
            </>
          )}
        </p>
      ) : null}
      {card.preflight ? <PreflightNotice prebookingId={card.id} preflight={card.preflight} onChanged={onChanged} /> : null}
      {card.outcomeText ? (
        <p className={`prebooking-card__outcome${card.status === 'failed' ? ' prebooking-card__outcome--failed' : ''}`} aria-live="polite">
          {card.outcomeText}
        </p>
      ) : null}
      {cancellable ? (
        <form className="prebooking-card__actions" action={formAction}>
          <input type="hidden" name="prebookingId" value={card.id} />
          <button type="submit" className="button button--secondary" disabled={isPending}>
            {isPending ? t.prebookings.cancelling : t.prebookings.cancel}
            <span className="sr-only">{` — ${card.className} ${card.classStartTime}`}</span>
          </button>
        </form>
      ) : null}
      {result && !isPending ? <ActionFeedback result={result} okMessage={t.prebookings.cancelled} /> : null}
    </article>
  );
}
