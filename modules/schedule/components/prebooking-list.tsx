'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useCallback, useEffect, useRef, useState } from 'react';
import { formatCountdown, formatDateTime, useI18n } from '@/modules/i18n';
import { ActionFeedback, useHydrated } from '@/modules/ui';
import { isFiring } from '../cancel-window';
import { cancelPrebookingFormAction } from '../schedule.actions';
import type { PrebookingCard, PrebookingCards } from '../schedule.schema';
import { PreflightNotice } from './preflight-notice';
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
  // A form answer brings the page's fresh data (revalidated on the server): take it.
  const [seenInitial, setSeenInitial] = useState(initial);
  if (seenInitial !== initial) {
    setSeenInitial(initial);
    setCards(initial);
  }
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
  // Live updates run in the browser's JavaScript: without it the page says how to get fresh data.
  const live = useHydrated();
  return (
    <div className="prebookings">
      {live ? (
        <p className={`live-indicator${offline ? ' live-indicator--offline' : ''}`} role="status">
          <span className="live-indicator__dot" aria-hidden="true" />
          {offline ? t.prebookings.offline : t.prebookings.live}
        </p>
      ) : (
        <p className="live-indicator live-indicator--static">{t.ui.reloadForUpdates}</p>
      )}
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
