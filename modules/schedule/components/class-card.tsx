'use client';

import Link from 'next/link';
import { memo, useActionState, useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { formatCountdown, formatDateTime } from '@/modules/i18n';
import { useI18n } from '@/modules/i18n/use-i18n';
import { ActionFeedback } from '@/modules/ui';
import { isFiring } from '../cancel-window';
import { classCardFormAction } from '../schedule.actions';
import type { ActionResult, BoxSummary, ClassPhase, ScheduleClass } from '../schedule.schema';
import { CardSubmitButton, type SubmitIntent } from './card-submit-button';
import { cardIntent, isFeedbackCurrent, livePhase, placesText, type CardIntent } from './class-card-view';
import { FailedNextStep } from './failed-next-step';
import { OverlapChoice, type ReplaceTarget } from './overlap-choice';
import { useClockView } from './use-now';

/**
 * One class: its places, opening and the one action that can work now. Every button submits the
 * card's form to a server action, so it also works as a plain form post without JavaScript.
 */
/** What a card shows of the clock: it re-renders when one of these changes, not at every tick. */
function cardClock(slot: ScheduleClass, now: number | null): { phase: ClassPhase; firing: boolean; intent: CardIntent | null; countdown: string | null } {
  const phase = livePhase(slot, now);
  const opensAt = slot.prebooking?.availableAt ?? slot.opensAt;
  const msToOpening = opensAt && now !== null ? Date.parse(opensAt) - now : null;
  return {
    phase,
    firing: slot.prebooking !== null && isFiring(slot.prebooking, now),
    intent: cardIntent(slot, phase, now),
    countdown: msToOpening !== null && msToOpening > 0 ? formatCountdown(msToOpening) : null,
  };
}

// Memoized: the schedule re-renders when its data or day changes; a card, when its own props or clock do.
export const ClassCard = memo(function ClassCard({ slot, box, candidates = NO_CANDIDATES }: { slot: ScheduleClass; box: BoxSummary; candidates?: ScheduleClass[] }) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const [result, formAction, isPending] = useActionState(classCardFormAction, null);
  const [submitted, setSubmitted] = useState<SubmitIntent | null>(null);
  // An overlap answer the member chose to keep, and the prebooking or booking a "replace" submits.
  const [dismissed, setDismissed] = useState<ActionResult | null>(null);
  const [replaceTarget, setReplaceTarget] = useState<ReplaceTarget | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Second choices (issue 17), in the order ticked; posted with Prebook as `alternative` fields.
  const [chosen, setChosen] = useState<string[]>([]);
  const shown = result !== null && result !== dismissed ? result : null;
  const overlap = shown && !shown.ok && shown.conflict ? shown.conflict : null;

  const { phase, firing, intent, countdown } = useClockView((now) => cardClock(slot, now));
  const prebooking = slot.prebooking;
  const confirmLate = !isPending && result !== null && !result.ok && Boolean(result.lateCancellationRequired);

  const opensAt = prebooking?.availableAt ?? slot.opensAt;
  const showOpening = opensAt !== null && (phase === 'not_open' || (prebooking !== null && phase !== 'started'));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    setSubmitted((submitter?.value as SubmitIntent | undefined) ?? (replaceTarget ? 'prebook' : null));
  };
  // "Replace the other one": the same form, posted as Prebook with the prebooking or booking to replace.
  const replace = (target: ReplaceTarget) => {
    flushSync(() => setReplaceTarget(target));
    formRef.current?.requestSubmit();
    setReplaceTarget(null);
  };
  // Buttons in the card's row name their class for screen readers; the confirmation's are labelled by it.
  const srName = `${slot.name} ${slot.startTime}`;
  const submit = (which: SubmitIntent, idle: string, busy?: string, variant?: string, named = true) => (
    <CardSubmitButton intent={which} idle={idle} busy={busy} variant={variant} srName={named ? srName : undefined} pending={isPending} submittedThis={isPending && submitted === which} />
  );

  return (
    <article className={`class-card${slot.memberState !== 'none' ? ' class-card--mine' : ''}`} aria-labelledby={titleId} data-class-id={slot.id}>
      <div className="class-card__time">
        <span className="class-card__start">{slot.startTime}</span>
        <span className="class-card__end">{slot.endTime}</span>
      </div>
      <form className="class-card__body" action={formAction} onSubmit={onSubmit} ref={formRef}>
        {replaceTarget ? (
          <>
            <input type="hidden" name="intent" value="prebook" />
            <input type="hidden" name={replaceTarget.kind === 'prebooking' ? 'replacePrebookingId' : 'replaceBookingId'} value={replaceTarget.id} />
          </>
        ) : null}
        <input type="hidden" name="boxId" value={box.boxId} />
        <input type="hidden" name="day" value={slot.day} />
        <input type="hidden" name="classId" value={slot.id} />
        {slot.reservationId ? <input type="hidden" name="reservationId" value={slot.reservationId} /> : null}
        {prebooking ? <input type="hidden" name="prebookingId" value={prebooking.id} /> : null}
        <input type="hidden" name="waitlist" value={String(slot.full)} />

        <div className="class-card__heading">
          <h3 id={titleId}>{slot.name}</h3>
          <StateBadges slot={slot} phase={phase} firing={firing} />
        </div>
        <p className="class-card__meta">
          {slot.coach ? <span>{t.schedule.coach(slot.coach)}</span> : null}
          <span className="class-card__places">{placesText(slot, t)}</span>
        </p>
        {showOpening && opensAt ? (
          <p className="class-card__opening">
            {firing ? (
              t.classCard.bookingAtOpening
            ) : (
              <>
                {t.schedule.opensAt(formatDateTime(opensAt, box.timeZone, locale))}
                {countdown !== null ? (
                  <>
                    {' · '}
                    <span role="timer" className="countdown">
                      {t.schedule.opensIn(countdown)}
                    </span>
                  </>
                ) : null}
              </>
            )}
          </p>
        ) : null}
        {phase === 'unknown' && intent === 'prebook' ? <p className="class-card__opening">{t.classCard.opensUnknown}</p> : null}
        {prebooking?.attention && slot.memberState === 'none' && !firing ? (
          // The fix (sign in again, move, cancel) is one tap away on My classes, linked just below.
          <p className="feedback feedback--warn" data-preflight-state="action_needed">
            {prebooking.attention}
          </p>
        ) : null}

        {confirmLate ? (
          <div className="confirm" role="alertdialog" aria-labelledby={`${titleId}-late`}>
            <p id={`${titleId}-late`}>{t.schedule.lateCancelWarning}</p>
            <div className="confirm__actions">
              {submit('cancelLate', t.schedule.lateCancelConfirm, t.schedule.cancelling, ' button--danger', false)}
              {submit('keep', t.schedule.lateCancelKeep, undefined, ' button--secondary', false)}
            </div>
          </div>
        ) : (
          <div className="class-card__actions">
            {intent === 'cancel'
              ? submit(
                  'cancel',
                  slot.memberState === 'waitlisted' ? t.schedule.leaveWaitlist : t.schedule.cancelBooking,
                  t.schedule.cancelling,
                  ' button--secondary',
                )
              : null}
            {intent === 'cancelPrebooking' ? submit('cancelPrebooking', t.schedule.cancelPrebooking, t.schedule.cancelling, ' button--secondary') : null}
            {prebooking && slot.memberState === 'none' ? (
              <Link className="text-link" href="/my-classes">
                {t.schedule.seePrebookings}
              </Link>
            ) : null}
            {intent === 'book' ? submit('book', slot.full ? t.schedule.joinWaitlist : t.schedule.book, t.schedule.booking) : null}
            {intent === 'prebook' ? (
              <>
                {submit('prebook', chosen.length > 0 ? t.choices.prebookWith(chosen.length) : t.schedule.prebook, t.schedule.prebooking)}
                <label className="checkbox">
                  <input type="checkbox" name="waitlistIfFull" disabled={isPending} />
                  {t.schedule.waitlistIfFull}
                </label>
                {phase === 'not_open' && candidates.length > 0 ? (
                  <details className="alternatives" data-alternatives-for={slot.id} style={{ flexBasis: '100%' }}>
                    <summary>{t.choices.addAlternative}</summary>
                    <p className="muted">{t.choices.alternativesHint}</p>
                    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                      <legend className="sr-only">{t.choices.alternatives}</legend>
                      {candidates.map((candidate) => {
                        const checked = chosen.includes(candidate.id);
                        return (
                          <label key={candidate.id} className="checkbox" style={{ display: 'flex' }}>
                            <input
                              type="checkbox"
                              name="alternative"
                              value={`${candidate.day}/${candidate.id}`}
                              checked={checked}
                              disabled={isPending || (!checked && chosen.length >= 5)}
                              onChange={(event) => setChosen((current) => (event.target.checked ? [...current, candidate.id] : current.filter((id) => id !== candidate.id)))}
                            />
                            {candidate.startTime} {candidate.name}
                          </label>
                        );
                      })}
                    </fieldset>
                  </details>
                ) : null}
              </>
            ) : null}
          </div>
        )}

        {slot.failure && slot.memberState === 'none' && !prebooking ? <FailedNextStep failure={slot.failure} className={slot.name} /> : null}

        {overlap && shown && !isPending ? (
          <OverlapChoice conflict={overlap} message={shown.message} busy={isPending} onReplace={replace} onKeep={() => setDismissed(shown)} />
        ) : null}

        {shown && !confirmLate && !overlap && !isPending && isFeedbackCurrent(shown, slot) ? <ActionFeedback result={shown} /> : null}
      </form>
    </article>
  );
});

const NO_CANDIDATES: ScheduleClass[] = [];

function StateBadges({ slot, phase, firing }: { slot: ScheduleClass; phase: ClassPhase; firing: boolean }) {
  const { t } = useI18n();
  return (
    <span className="badges">
      {slot.memberState === 'booked' ? <span className="badge badge--ok">{t.schedule.booked}</span> : null}
      {slot.memberState === 'waitlisted' ? <span className="badge badge--info">{t.schedule.waitlisted}</span> : null}
      {slot.memberState === 'none' && slot.prebooking ? (
        <span className="badge badge--accent">{firing ? t.status.executing : t.schedule.prebooked}</span>
      ) : null}
      {phase === 'started' ? <span className="badge badge--muted">{t.schedule.started}</span> : null}
      {phase === 'open' && slot.memberState === 'none' && !slot.prebooking && !slot.full ? (
        <span className="badge badge--open">{t.schedule.open}</span>
      ) : null}
    </span>
  );
}
