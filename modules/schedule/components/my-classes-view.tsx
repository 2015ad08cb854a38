'use client';

import { useState, useTransition } from 'react';
import { formatDateTime, formatDuration } from '@/modules/i18n';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback, useHydrated } from '@/modules/ui';
import { bookClassAction, cancelBookingAction, dismissPrebookingAction, prebookNextAction } from '../schedule.actions';
import type { BookingCard, MyClasses, NextStep, TimelineItem } from '../my-classes.schema';
import { myClassesTexts } from '../my-classes-texts';
import type { ActionResult } from '../schedule.schema';
import { PrebookingCardView } from './prebooking-card';
import { useLiveClasses } from './use-live-classes';
import { useNow } from './use-now';

export function MyClassesView({ initial }: { initial: MyClasses }) {
  const { t, locale } = useI18n();
  const text = myClassesTexts(locale);
  const now = useNow();
  const { classes, offline, refresh } = useLiveClasses(initial);
  const age = classes.fetchedAt && now !== null ? formatDuration(Math.max(0, now - Date.parse(classes.fetchedAt)), locale).replace(/[.,]\d+ s$/, ' s') : null;
  const sync = classes.refreshing ? text.syncing : classes.syncError ? text.syncFailed(age) : age ? text.syncedAgo(age) : text.never;
  // Live updates run in the browser's JavaScript: without it the page says how to get fresh data.
  const live = useHydrated();

  return (
    <div className="prebookings my-classes">
      {live ? (
        <p className={`live-indicator${offline ? ' live-indicator--offline' : ''}`} role="status">
          <span className="live-indicator__dot" aria-hidden="true" />
          {offline ? t.prebookings.offline : t.prebookings.live}
        </p>
      ) : (
        <p className="live-indicator live-indicator--static">{t.ui.reloadForUpdates}</p>
      )}
      <p className="muted" data-sync-state={classes.syncError ? 'failed' : classes.refreshing ? 'refreshing' : 'ok'}>
        {sync}
      </p>
      <Section id="upcoming" title={text.upcoming} empty={text.emptyUpcoming} items={classes.upcoming} onChanged={refresh} />
      <Section id="past" title={text.past} empty={text.emptyPast} items={classes.past} onChanged={refresh} />
    </div>
  );
}

function Section({ id, title, empty, items, onChanged }: { id: string; title: string; empty: string; items: TimelineItem[]; onChanged: () => Promise<void> }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ol className="card-list">
          {items.map((item) =>
            item.kind === 'booking' ? (
              <li key={`b-${item.booking.key}`}>
                <BookingCardView booking={item.booking} onChanged={onChanged} />
              </li>
            ) : (
              <li key={`p-${item.card.id}`}>
                <PrebookingCardView card={item.card} onChanged={onChanged} />
                {item.nextSteps.length > 0 ? <NextSteps item={item} onChanged={onChanged} /> : null}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function BookingCardView({ booking, onChanged }: { booking: BookingCard; onChanged: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const text = myClassesTexts(locale);
  const [isPending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const [confirmLate, setConfirmLate] = useState(false);
  const cancelled = booking.cancelledAt !== null;
  const status = cancelled ? 'cancelled' : booking.state === 'waitlisted' ? 'waitlisted' : 'completed';
  const badge = cancelled ? text.cancelled : booking.state === 'waitlisted' ? text.waitlisted : text.booked;
  const queue =
    booking.state === 'waitlisted' && !cancelled
      ? booking.waitlistPosition !== null
        ? text.position(booking.waitlistPosition)
        : booking.waitlistLength !== null
          ? text.queue(booking.waitlistLength)
          : text.queueUnknown
      : null;
  // Who made it (or Prebooker's timing), then, for one AimHarder no longer holds, that it was cancelled.
  const made = booking.timingText ?? text.origin[booking.origin];
  const origin = cancelled ? text.cancelledAfter(made) : made;

  const cancel = (late: boolean) =>
    startTransition(async () => {
      const result = await cancelBookingAction({ boxId: booking.boxId, reservationId: booking.reservationId, late }).catch(() => ({ ok: false as const, message: t.common.genericError }));
      setConfirmLate(!result.ok && Boolean('lateCancellationRequired' in result && result.lateCancellationRequired));
      setFeedback(result);
      if (result.ok) await onChanged();
    });

  return (
    <article
      className={`prebooking-card booking-card prebooking-card--${status}`}
      aria-labelledby={`booking-${booking.key}`}
      data-reservation-id={booking.reservationId}
      data-origin={booking.origin}
      data-state={cancelled ? 'cancelled' : booking.state}
    >
      <div className="prebooking-card__heading">
        <h3 id={`booking-${booking.key}`}>{booking.className}</h3>
        <span aria-live="polite">
          <span className="badge" data-status={status}>
            {badge}
          </span>
        </span>
      </div>
      <p className="muted">
        {t.prebookings.classAt(formatDateTime(booking.classStartsAt, booking.timeZone, locale))} · {booking.boxName}
      </p>
      {queue ? <p className="prebooking-card__opening">{queue}</p> : null}
      <p className="prebooking-card__outcome">{origin}</p>
      {!cancelled && !confirmLate ? (
        <div className="prebooking-card__actions">
          <button type="button" className="button button--secondary" disabled={isPending} onClick={() => cancel(false)}>
            {isPending ? text.cancelling : booking.state === 'waitlisted' ? text.leaveWaitlist : text.cancelBooking}
            <span className="sr-only">{` — ${booking.className} ${booking.classStartTime}`}</span>
          </button>
        </div>
      ) : null}
      {confirmLate ? (
        <div className="confirm" role="alertdialog" aria-label={text.lateWarning}>
          <p>{text.lateWarning}</p>
          <div className="confirm__actions">
            <button type="button" className="button button--danger" disabled={isPending} onClick={() => cancel(true)} autoFocus>
              {isPending ? text.cancelling : text.lateConfirm}
            </button>
            <button type="button" className="button button--secondary" disabled={isPending} onClick={() => (setConfirmLate(false), setFeedback(null))}>
              {text.keep}
            </button>
          </div>
        </div>
      ) : null}
      {feedback && !confirmLate ? <ActionFeedback result={feedback} /> : null}
    </article>
  );
}

/** A failed prebooking's next step, one tap each. */
function NextSteps({ item, onChanged }: { item: Extract<TimelineItem, { kind: 'prebooking' }>; onChanged: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const text = myClassesTexts(locale);
  const [isPending, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const { card } = item;
  const run = (step: NextStep) =>
    startTransition(async () => {
      const call = (): Promise<ActionResult> => {
        switch (step) {
          case 'book_now':
          case 'join_waitlist':
            return bookClassAction({ boxId: card.boxId, day: card.classDay, classId: card.classId, waitlist: step === 'join_waitlist' });
          case 'prebook_next':
            return prebookNextAction({ prebookingId: card.id });
          case 'dismiss':
            return dismissPrebookingAction({ prebookingId: card.id });
        }
      };
      const result = await call().catch(() => ({ ok: false as const, message: t.common.genericError }));
      setFeedback(result.message ? result : null);
      if (result.ok) await onChanged();
    });
  return (
    <div className="next-steps" role="group" aria-label={`${text.next.prompt} ${card.className}`} data-next-steps={item.nextSteps.join(' ')}>
      {item.nextSteps.map((step) => (
        <button key={step} type="button" className={step === 'dismiss' ? 'button button--secondary' : 'button'} disabled={isPending} onClick={() => run(step)} data-step={step}>
          {text.next[step]}
        </button>
      ))}
      {feedback ? <ActionFeedback result={feedback} /> : null}
    </div>
  );
}
