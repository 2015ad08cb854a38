'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { formatCountdown, formatDateTime, useI18n } from '@/modules/i18n';
import { cancelPrebookingAction } from '../schedule.actions';
import type { ActionResult, PrebookingCard, PrebookingCards } from '../schedule.schema';
import { useNow } from './use-now';

const FEED_URL = '/api/me/prebookings';

/**
 * How soon to ask again: every second around an opening (so the member watching sees it flip to
 * booked), every 10 s while something is waiting, every 30 s otherwise.
 */
export function nextPollDelay(cards: PrebookingCard[], now: number): number {
  const active = cards.filter((card) => card.active);
  if (active.some((card) => card.status === 'executing' || Math.abs(Date.parse(card.availableAt) - now) < 90_000)) return 1_000;
  if (active.length > 0) return 10_000;
  return 30_000;
}

function useLivePrebookings(initial: PrebookingCards) {
  const router = useRouter();
  const [cards, setCards] = useState(initial);
  const [offline, setOffline] = useState(false);
  const cardsRef = useRef(cards);
  useEffect(() => {
    cardsRef.current = cards;
  }, [cards]);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(FEED_URL, { cache: 'no-store', headers: { accept: 'application/json' } });
      if (response.status === 401) {
        router.replace('/sign-in?next=/prebookings');
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      setCards((await response.json()) as PrebookingCards);
      setOffline(false);
    } catch {
      setOffline(true);
    }
  }, [router]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const loop = async () => {
      if (document.visibilityState === 'visible') await refresh();
      if (stopped) return;
      const all = [...cardsRef.current.upcoming, ...cardsRef.current.past];
      timer = setTimeout(loop, nextPollDelay(all, Date.now()));
    };
    timer = setTimeout(loop, nextPollDelay([...initial.upcoming, ...initial.past], Date.now()));
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [initial, refresh]);

  return { cards, offline, refresh };
}

export function PrebookingList({ initial }: { initial: PrebookingCards }) {
  const { t } = useI18n();
  const { cards, offline, refresh } = useLivePrebookings(initial);
  return (
    <div className="prebookings">
      <p className={`live-indicator${offline ? ' live-indicator--offline' : ''}`} role="status">
        <span className="live-indicator__dot" aria-hidden="true" />
        {offline ? t.prebookings.offline : t.prebookings.live}
      </p>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t.prebookings.upcoming}</h2>
        {cards.upcoming.length === 0 ? (
          <p className="empty">{t.prebookings.emptyUpcoming}</p>
        ) : (
          <ol className="card-list">
            {cards.upcoming.map((card) => (
              <li key={card.id}>
                <PrebookingCardView card={card} onChanged={refresh} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t.prebookings.past}</h2>
        {cards.past.length === 0 ? (
          <p className="empty">{t.prebookings.emptyPast}</p>
        ) : (
          <ol className="card-list">
            {cards.past.map((card) => (
              <li key={card.id}>
                <PrebookingCardView card={card} onChanged={refresh} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

export function PrebookingCardView({ card, onChanged }: { card: PrebookingCard; onChanged: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const [isPending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const msToOpening = now === null ? null : Date.parse(card.availableAt) - now;
  const cancellable = card.status === 'pending' || card.status === 'scheduled';

  const cancel = () =>
    startTransition(async () => {
      const result = await cancelPrebookingAction({ prebookingId: card.id }).catch(() => ({ ok: false as const, message: t.common.genericError }));
      setFeedback(result);
      await onChanged();
    });

  return (
    <article className={`prebooking-card prebooking-card--${card.displayStatus}`} aria-labelledby={`prebooking-${card.id}`} data-prebooking-id={card.id}>
      <div className="prebooking-card__heading">
        <h3 id={`prebooking-${card.id}`}>{card.className}</h3>
        <span aria-live="polite">
          <span className="badge" data-status={card.displayStatus}>
            {t.status[card.displayStatus]}
          </span>
        </span>
      </div>
      <p className="muted">
        {t.prebookings.classAt(formatDateTime(card.classStartsAt, card.timeZone, locale))} · {card.boxName}
      </p>
      {card.active ? (
        <p className="prebooking-card__opening">
          {t.prebookings.opensAt(formatDateTime(card.availableAt, card.timeZone, locale))}
          {' · '}
          {msToOpening !== null && msToOpening > 0 ? (
            <span role="timer" className="countdown">
              {t.prebookings.opensIn(formatCountdown(msToOpening))}
            </span>
          ) : (
            <span>{card.status === 'executing' || (msToOpening !== null && msToOpening <= 0) ? t.prebookings.bookingNow : t.prebookings.waiting}</span>
          )}
        </p>
      ) : null}
      {card.outcomeText ? (
        <p className={`prebooking-card__outcome${card.status === 'failed' ? ' prebooking-card__outcome--failed' : ''}`} aria-live="polite">
          {card.outcomeText}
        </p>
      ) : null}
      {cancellable ? (
        <div className="prebooking-card__actions">
          <button type="button" className="button button--secondary" disabled={isPending} onClick={cancel}>
            {isPending ? t.prebookings.cancelling : t.prebookings.cancel}
            <span className="sr-only">{` — ${card.className} ${card.classStartTime}`}</span>
          </button>
        </div>
      ) : null}
      {feedback ? (
        <p className={`feedback ${feedback.ok ? 'feedback--ok' : 'feedback--error'}`} role={feedback.ok ? 'status' : 'alert'}>
          {feedback.ok ? t.prebookings.cancelled : feedback.message}
        </p>
      ) : null}
    </article>
  );
}
