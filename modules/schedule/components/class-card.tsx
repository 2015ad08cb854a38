'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { formatCountdown, formatDateTime, useI18n } from '@/modules/i18n';
import { bookClassAction, cancelBookingAction, cancelPrebookingAction, prebookClassAction } from '../schedule.actions';
import type { ActionResult, BoxSummary, ClassPhase, ScheduleClass } from '../schedule.schema';
import { FailedNextStep } from './failed-next-step';
import { OverlapChoice } from './overlap-choice';

type PendingAction = 'book' | 'cancel' | 'prebook' | 'cancelPrebooking';

/** The phase now, in the browser: a class whose opening passed while the page was open is open. */
export function livePhase(slot: ScheduleClass, now: number | null): ClassPhase {
  if (now === null) return slot.phase;
  if (Date.parse(slot.startsAt) <= now) return 'started';
  if (slot.phase === 'not_open' && slot.opensAt && Date.parse(slot.opensAt) <= now) return 'open';
  return slot.phase;
}

export function ClassCard({ slot, box, now }: { slot: ScheduleClass; box: BoxSummary; now: number | null }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const titleId = useId();
  const [isPending, startTransition] = useTransition();
  const [pendingAction, setPendingAction] = useState<PendingAction | null>(null);
  const [feedback, setFeedback] = useState<ActionResult | null>(null);
  const [confirmLate, setConfirmLate] = useState(false);
  const [waitlistIfFull, setWaitlistIfFull] = useState(false);

  const phase = livePhase(slot, now);
  const activePrebooking = slot.prebooking;
  const busy = isPending || pendingAction !== null;

  const run = (action: PendingAction, call: () => Promise<ActionResult>) => {
    setPendingAction(action);
    setFeedback(null);
    startTransition(async () => {
      let result: ActionResult;
      try {
        result = await call();
      } catch {
        result = { ok: false, message: t.common.genericError };
      }
      setFeedback(result);
      setConfirmLate(result.ok ? false : Boolean(result.lateCancellationRequired));
      setPendingAction(null);
      if (result.ok) router.refresh();
    });
  };

  const book = (waitlist: boolean) => run('book', () => bookClassAction({ boxId: box.boxId, day: slot.day, classId: slot.id, waitlist }));
  const prebook = (replacePrebookingId?: string) =>
    run('prebook', () => prebookClassAction({ boxId: box.boxId, day: slot.day, classId: slot.id, waitlistIfFull, ...(replacePrebookingId ? { replacePrebookingId } : {}) }));
  const overlap = feedback && !feedback.ok && feedback.conflict ? feedback.conflict : null;
  const cancel = (late: boolean) =>
    run('cancel', () => cancelBookingAction({ boxId: box.boxId, reservationId: slot.reservationId ?? '', late }));
  const cancelPrebooking = () => run('cancelPrebooking', () => cancelPrebookingAction({ prebookingId: activePrebooking?.id ?? '' }));

  const hidden = <span className="sr-only">{` — ${slot.name} ${slot.startTime}`}</span>;
  const opensAt = activePrebooking?.availableAt ?? slot.opensAt;
  const showOpening = opensAt !== null && (phase === 'not_open' || (activePrebooking !== null && phase !== 'started'));
  const msToOpening = opensAt && now !== null ? Date.parse(opensAt) - now : null;

  return (
    <article className={`class-card${slot.memberState !== 'none' ? ' class-card--mine' : ''}`} aria-labelledby={titleId} data-class-id={slot.id}>
      <div className="class-card__time">
        <span className="class-card__start">{slot.startTime}</span>
        <span className="class-card__end">{slot.endTime}</span>
      </div>
      <div className="class-card__body">
        <div className="class-card__heading">
          <h3 id={titleId}>{slot.name}</h3>
          <StateBadges slot={slot} phase={phase} />
        </div>
        <p className="class-card__meta">
          {slot.coach ? <span>{t.schedule.coach(slot.coach)}</span> : null}
          <span>{slot.capacity === null ? t.schedule.placesTaken(slot.bookedCount) : t.schedule.places(slot.bookedCount, slot.capacity)}</span>
          {slot.full ? <span className="badge badge--warn">{t.schedule.full}</span> : null}
          {slot.waitlistCount > 0 ? <span>{t.schedule.waitlist(slot.waitlistCount)}</span> : null}
        </p>
        {showOpening && opensAt ? (
          <p className="class-card__opening">
            {t.schedule.opensAt(formatDateTime(opensAt, box.timeZone, locale))}
            {msToOpening !== null && msToOpening > 0 ? (
              <>
                {' · '}
                <span role="timer" className="countdown">
                  {t.schedule.opensIn(formatCountdown(msToOpening))}
                </span>
              </>
            ) : null}
          </p>
        ) : null}
        {phase === 'unknown' && slot.memberState === 'none' && !activePrebooking ? <p className="class-card__opening">{t.schedule.opensUnknown}</p> : null}

        <div className="class-card__actions">
          {slot.memberState === 'booked' && phase !== 'started' && !confirmLate ? (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => cancel(false)}>
              {pendingAction === 'cancel' ? t.schedule.cancelling : t.schedule.cancelBooking}
              {hidden}
            </button>
          ) : null}
          {slot.memberState === 'waitlisted' && phase !== 'started' ? (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => cancel(false)}>
              {pendingAction === 'cancel' ? t.schedule.cancelling : t.schedule.leaveWaitlist}
              {hidden}
            </button>
          ) : null}
          {slot.memberState === 'none' && activePrebooking ? (
            <>
              <button type="button" className="button button--secondary" disabled={busy} onClick={cancelPrebooking}>
                {pendingAction === 'cancelPrebooking' ? t.schedule.cancelling : t.schedule.cancelPrebooking}
                {hidden}
              </button>
              <Link className="text-link" href="/my-classes">
                {t.schedule.seePrebookings}
              </Link>
            </>
          ) : null}
          {slot.memberState === 'none' && !activePrebooking && phase === 'open' ? (
            <button type="button" className="button" disabled={busy} onClick={() => book(slot.full)}>
              {pendingAction === 'book' ? t.schedule.booking : slot.full ? t.schedule.joinWaitlist : t.schedule.book}
              {hidden}
            </button>
          ) : null}
          {slot.memberState === 'none' && !activePrebooking && phase === 'unknown' ? (
            <button type="button" className="button" disabled={busy} onClick={() => prebook()}>
              {pendingAction === 'prebook' ? t.schedule.booking : t.schedule.book}
              {hidden}
            </button>
          ) : null}
          {slot.memberState === 'none' && !activePrebooking && phase === 'not_open' ? (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => prebook()}>
                {pendingAction === 'prebook' ? t.schedule.prebooking : t.schedule.prebook}
                {hidden}
              </button>
              <label className="checkbox">
                <input type="checkbox" checked={waitlistIfFull} disabled={busy} onChange={(event) => setWaitlistIfFull(event.target.checked)} />
                {t.schedule.waitlistIfFull}
              </label>
            </>
          ) : null}
        </div>

        {confirmLate ? (
          <div className="confirm" role="alertdialog" aria-labelledby={`${titleId}-late`}>
            <p id={`${titleId}-late`}>{t.schedule.lateCancelWarning}</p>
            <div className="confirm__actions">
              <button type="button" className="button button--danger" disabled={busy} onClick={() => cancel(true)} autoFocus>
                {pendingAction === 'cancel' ? t.schedule.cancelling : t.schedule.lateCancelConfirm}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => {
                  setConfirmLate(false);
                  setFeedback(null);
                }}
              >
                {t.schedule.lateCancelKeep}
              </button>
            </div>
          </div>
        ) : null}

        {slot.failure && slot.memberState === 'none' && !activePrebooking ? <FailedNextStep failure={slot.failure} className={slot.name} /> : null}

        {overlap && feedback ? (
          <OverlapChoice conflict={overlap} message={feedback.message} busy={busy} onReplace={(id) => prebook(id)} onKeep={() => setFeedback(null)} />
        ) : null}

        {feedback && !confirmLate && !overlap ? (
          <p className={`feedback ${feedback.ok ? 'feedback--ok' : 'feedback--error'}`} role={feedback.ok ? 'status' : 'alert'}>
            {feedback.message}
          </p>
        ) : null}
      </div>
    </article>
  );
}

function StateBadges({ slot, phase }: { slot: ScheduleClass; phase: ClassPhase }) {
  const { t } = useI18n();
  return (
    <span className="badges">
      {slot.memberState === 'booked' ? <span className="badge badge--ok">{t.schedule.booked}</span> : null}
      {slot.memberState === 'waitlisted' ? <span className="badge badge--info">{t.schedule.waitlisted}</span> : null}
      {slot.memberState === 'none' && slot.prebooking ? <span className="badge badge--accent">{t.schedule.prebooked}</span> : null}
      {phase === 'started' ? <span className="badge badge--muted">{t.schedule.started}</span> : null}
      {phase === 'open' && slot.memberState === 'none' && !slot.prebooking && !slot.full ? (
        <span className="badge badge--open">{t.schedule.open}</span>
      ) : null}
    </span>
  );
}
