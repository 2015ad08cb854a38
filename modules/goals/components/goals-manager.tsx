'use client';

import { useState, type FormEvent } from 'react';
import { ActionFeedback } from '@/modules/ui';
import { findDuplicateGoal } from '../duplicate-goal';
import { formFieldOf, readTypedGoalFields, skipDayText, type SentRows } from '../goal-form-input';
import type { GoalView, SaveGoalResult } from '../goals.service';
import type { OpenClassBooking } from '../book-open-classes.service';
import type { OpenClassOffer } from '../materialize-goal.service';
import styles from './goals.module.css';
import { weekdayNames, withGoalsPhrases, type GoalsLocale, type GoalsTexts } from './goals-phrases';
import type { GoalsStrings } from './goals-texts';

export interface GoalBoxOption {
  boxId: number;
  name: string;
  timeZone: string;
}

/** Skip days as typed in the page's language ("24/12/2026"); read when the form is sent. */
interface SkipDraft {
  from: string;
  to: string;
  note: string;
}

interface AlternativeDraft {
  startTime: string;
  className: string;
}

/** As many fallbacks as a prebooking can carry (MAX_GOAL_ALTERNATIVES; the server says so too). */
const MAX_FALLBACKS = 5;

interface GoalDraft {
  boxId: number;
  weekdays: number[];
  startTime: string;
  className: string;
  classNameMatch: 'exact' | 'contains';
  waitlistIfFull: boolean;
  active: boolean;
  skips: SkipDraft[];
  alternatives: AlternativeDraft[];
  bookIfOpen: boolean;
}

interface ApiError {
  message: string;
  reason?: string;
  fields?: Record<string, string[]>;
}

async function send<T>(url: string, init: RequestInit, texts: GoalsTexts): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', accept: 'application/json' }, cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as (T & { error?: ApiError }) | null;
  if (response.status === 401) throw { message: texts.errors.signIn, reason: 'unauthenticated' } satisfies ApiError;
  if (!response.ok || !body) throw (body?.error ?? { message: texts.errors.generic }) satisfies ApiError;
  return body;
}

/** Problems by the form's field ("startTime", "skips.0.from"), shown under that field. */
type FieldErrors = Record<string, string[]>;

const draftOf = (goal: GoalView, locale: GoalsLocale): GoalDraft => ({
  boxId: goal.boxId,
  weekdays: goal.weekdays,
  startTime: goal.startTime,
  className: goal.className,
  classNameMatch: goal.classNameMatch,
  waitlistIfFull: goal.waitlistIfFull,
  active: goal.active,
  skips: goal.skips.map((skip) => ({ from: skipDayText(skip.from, locale), to: skip.to === skip.from ? '' : skipDayText(skip.to, locale), note: skip.note ?? '' })),
  alternatives: goal.alternatives.map((alternative) => ({ ...alternative })),
  bookIfOpen: goal.bookIfOpen,
});

// A new goal starts empty (it opened as a real Mon+Wed 18:00 WOD goal, one click from saving).
const emptyDraft = (boxes: GoalBoxOption[]): GoalDraft => ({
  boxId: boxes[0]?.boxId ?? 0,
  weekdays: [],
  startTime: '',
  className: '',
  classNameMatch: 'exact',
  waitlistIfFull: false,
  active: true,
  skips: [],
  alternatives: [],
  bookIfOpen: false,
});

/**
 * Fields rendered with their own message under them; a problem with any other (the box, say) is
 * listed in the alert above the form.
 */
const INLINE_FIELD = /^(startTime|className|alternatives\.\d+(\.startTime|\.className)?|skips\.\d+(\.from|\.to|\.note)?)$/;

/** The member's goals: list, create, edit, pause, delete, skip dates, and what each goal did. */
export function GoalsManager({ initialGoals, boxes, locale, strings }: { initialGoals: GoalView[]; boxes: GoalBoxOption[]; locale: GoalsLocale; strings: GoalsStrings }) {
  const texts = withGoalsPhrases(strings, locale);
  const [goals, setGoals] = useState(initialGoals);
  const [editing, setEditing] = useState<{ id: string | null; draft: GoalDraft } | null>(initialGoals.length === 0 && boxes.length > 0 ? { id: null, draft: emptyDraft(boxes) } : null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [offers, setOffers] = useState<OpenClassOffer[]>([]);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const replaceGoal = (goal: GoalView) => setGoals((current) => (current.some((item) => item.id === goal.id) ? current.map((item) => (item.id === goal.id ? goal : item)) : [...current, goal]));

  const describeBooking = (booking: OpenClassBooking) => texts.bookedIfOpen(`${formatDay(booking.day, locale)} ${booking.startTime} ${booking.className}`, booking.message);
  const describeSave = (result: SaveGoalResult) =>
    [
      texts.saved,
      result.run.created > 0 ? texts.created(result.run.created) : null,
      result.cancelled > 0 ? texts.cancelled(result.cancelled) : null,
      result.run.note,
      ...(result.bookedNow ?? []).map(describeBooking),
    ]
      .filter(Boolean)
      .join(' ');

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError((caught as ApiError)?.message ? (caught as ApiError) : { message: texts.errors.generic });
    } finally {
      setBusy(false);
    }
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    setFieldErrors({});
    if (editing.draft.weekdays.length === 0) {
      setError({ message: texts.pickWeekday });
      return;
    }
    // Dates and times are read here, in the page's language; what cannot be read stays in its field, named.
    const typed = readTypedGoalFields(editing.draft, locale);
    if (!typed.ok) {
      setNotice(null);
      setError({ message: texts.checkFields });
      setFieldErrors(Object.fromEntries(typed.problems.map((problem) => [problem.field, [problem.kind === 'day' ? texts.notADay(problem.text) : texts.notATime(problem.text)]])));
      return;
    }
    const payload = { ...editing.draft, startTime: typed.startTime, alternatives: typed.alternatives, skips: typed.skips };
    void run(async () => {
      try {
        const result = editing.id
          ? await send<SaveGoalResult>(`/api/goals/${editing.id}`, { method: 'PATCH', body: JSON.stringify(payload) }, texts)
          : await send<SaveGoalResult>('/api/goals', { method: 'POST', body: JSON.stringify(payload) }, texts);
        replaceGoal(result.goal);
        setEditing(null);
        setNotice(describeSave(result));
        setOffers(result.run.openNow ?? []);
      } catch (caught) {
        // Name the goal it duplicates, in the page's language.
        const duplicate = (caught as ApiError)?.reason === 'duplicate_goal' ? findDuplicateGoal(goals, payload, editing.id) : null;
        if (duplicate) throw { message: texts.duplicate(goalHeading(duplicate, locale)) } satisfies ApiError;
        throw (caught as ApiError)?.fields ? placeFieldErrors(caught as ApiError, typed.rows) : caught;
      }
    });
  };

  // A class the goal matches whose booking is already open cannot be prebooked: book it now instead.
  const bookNow = (offer: OpenClassOffer) =>
    run(async () => {
      const answer = await send<{ ok: boolean; message: string }>(
        '/api/bookings',
        { method: 'POST', body: JSON.stringify({ boxId: offer.boxId, day: offer.day, classId: offer.classId, waitlist: offer.waitlist }) },
        texts,
      );
      setOffers((current) => current.filter((item) => item !== offer));
      if (answer.ok) setNotice(answer.message);
      else setError({ message: answer.message });
    });

  // The server's per-field messages (in the page's language) go under their fields; the rest stay in the alert.
  const placeFieldErrors = (caught: ApiError, rows: SentRows): ApiError => {
    const inline: FieldErrors = {};
    const elsewhere: FieldErrors = {};
    for (const [serverField, messages] of Object.entries(caught.fields ?? {})) {
      const field = formFieldOf(serverField, rows);
      (INLINE_FIELD.test(field) ? inline : elsewhere)[field] = messages;
    }
    setFieldErrors(inline);
    return { message: texts.checkFields, ...(Object.keys(elsewhere).length > 0 ? { fields: elsewhere } : {}) };
  };

  const setActive = (goal: GoalView, active: boolean) =>
    run(async () => {
      const result = await send<SaveGoalResult>(`/api/goals/${goal.id}`, { method: 'PATCH', body: JSON.stringify({ active }) }, texts);
      replaceGoal(result.goal);
      setNotice(describeSave(result));
    });

  const remove = (goal: GoalView) => {
    if (!window.confirm(texts.confirmDelete)) return;
    void run(async () => {
      const result = await send<{ cancelled: number }>(`/api/goals/${goal.id}`, { method: 'DELETE' }, texts);
      setGoals((current) => current.filter((item) => item.id !== goal.id));
      setNotice([texts.deleted, result.cancelled > 0 ? texts.cancelled(result.cancelled) : null].filter(Boolean).join(' '));
    });
  };

  return (
    <div className={styles.goals}>
      <p className={styles.muted}>{texts.intro}</p>
      <div aria-live="polite">
        {notice ? <p className={styles.notice}>{notice}</p> : null}
        {error?.reason === 'unauthenticated' ? (
          <ActionFeedback result={{ ok: false, message: error.message, reason: 'unauthenticated' }} />
        ) : error ? (
          <div className={styles.error} role="alert">
            <p>{error.message}</p>
            {error.fields ? (
              <ul>
                {Object.entries(error.fields).map(([field, messages]) => (
                  <li key={field}>
                    {field}: {messages.join('; ')}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      {offers.length > 0 ? (
        <section aria-labelledby="open-now" className={styles.card}>
          <h2 id="open-now">{texts.openNowTitle}</h2>
          <p className={styles.muted}>{texts.openNowIntro}</p>
          <ul className={styles.rows}>
            {offers.map((offer) => (
              <li key={`${offer.day}-${offer.classId}`}>
                {texts.isOpen(`${formatDay(offer.day, locale)} ${offer.startTime} ${offer.className}`)}{' '}
                <button type="button" className={styles.primary} disabled={busy} onClick={() => void bookNow(offer)}>
                  {texts.bookNow}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="your-goals">
        <h2 id="your-goals">{texts.yourGoals}</h2>
        {goals.length === 0 ? <p className={styles.muted}>{texts.none}</p> : null}
        <ul className={styles.goalList}>
          {goals.map((goal) => (
            <li key={goal.id}>
              <GoalCard
                goal={goal}
                locale={locale}
                texts={texts}
                timeZone={boxes.find((box) => box.boxId === goal.boxId)?.timeZone ?? 'Europe/Madrid'}
                busy={busy}
                onEdit={() => {
                  setFieldErrors({});
                  setEditing({ id: goal.id, draft: draftOf(goal, locale) });
                }}
                onToggle={() => void setActive(goal, !goal.active)}
                onDelete={() => remove(goal)}
              />
            </li>
          ))}
        </ul>
        {editing ? null : (
          <button
            type="button"
            className={styles.primary}
            onClick={() => {
              setFieldErrors({});
              setEditing({ id: null, draft: emptyDraft(boxes) });
            }}
            disabled={boxes.length === 0}
          >
            {texts.newGoal}
          </button>
        )}
      </section>

      {editing ? (
        <GoalForm
          key={editing.id ?? 'new'}
          texts={texts}
          locale={locale}
          boxes={boxes}
          draft={editing.draft}
          isNew={editing.id === null}
          busy={busy}
          fieldErrors={fieldErrors}
          onChange={(draft) => setEditing({ ...editing, draft })}
          onSubmit={save}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function goalHeading(goal: Pick<GoalView, 'weekdays' | 'startTime' | 'className'>, locale: GoalsLocale): string {
  const days = weekdayNames(locale);
  return `${goal.weekdays.map((day) => days[day - 1]).join(', ')} · ${goal.startTime} · ${goal.className}`;
}

function formatInZone(iso: string, timeZone: string, locale: GoalsLocale): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

function formatDay(day: string, locale: GoalsLocale): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(Date.UTC(year, month - 1, date)));
}

function GoalCard(props: { goal: GoalView; locale: GoalsLocale; texts: GoalsTexts; timeZone: string; busy: boolean; onEdit(): void; onToggle(): void; onDelete(): void }) {
  const { goal, locale, texts, timeZone } = props;
  const headingId = `goal-${goal.id}`;
  return (
    <article className={styles.card} aria-labelledby={headingId}>
      <header className={styles.cardHeader}>
        <h3 id={headingId}>{goalHeading(goal, locale)}</h3>
        <span className={goal.active ? styles.badgeActive : styles.badgePaused}>{goal.active ? texts.active : texts.paused}</span>
      </header>
      <p className={styles.muted}>
        {goal.boxName} · {texts.matchSummary(goal.className, goal.classNameMatch === 'exact')}
        {goal.waitlistIfFull ? ` · ${texts.waitlist}` : ''}
        {goal.bookIfOpen ? ` · ${texts.bookIfOpen}` : ''}
      </p>
      {goal.alternatives.length > 0 ? <p className={styles.muted}>{texts.fallbackSummary(goal.alternatives.map((alternative) => `${alternative.startTime} ${alternative.className}`).join(texts.fallbackJoin))}</p> : null}
      {goal.skips.length > 0 ? (
        <p className={styles.muted}>
          {texts.skips}: {goal.skips.map((skip) => `${formatDay(skip.from, locale)}${skip.to !== skip.from ? ` – ${formatDay(skip.to, locale)}` : ''}${skip.note ? ` (${skip.note})` : ''}`).join(', ')}
        </p>
      ) : null}

      <h4>{texts.nextPrebookings}</h4>
      {goal.prebookings.length === 0 ? (
        <p className={styles.muted}>{texts.noPrebookings}</p>
      ) : (
        <ul className={styles.rows}>
          {goal.prebookings.map((prebooking) => (
            <li key={prebooking.id} data-status={prebooking.status}>
              <strong>
                {formatDay(prebooking.classDay, locale)} {prebooking.classStartTime}
              </strong>{' '}
              {prebooking.className}
              {prebooking.alternatives.length > 0 ? ` (${texts.fallbackSummary(prebooking.alternatives.map((alternative) => `${alternative.classStartTime} ${alternative.className}`).join(texts.fallbackJoin))})` : ''} — {texts.status[prebooking.status] ?? prebooking.status}
              {prebooking.status === 'scheduled' || prebooking.status === 'pending' ? ` (${texts.opens(formatInZone(prebooking.availableAt, timeZone, locale))})` : ''}
            </li>
          ))}
        </ul>
      )}

      {goal.occurrences.length > 0 ? (
        <>
          <h4>{texts.decisions}</h4>
          <ul className={styles.rows}>
            {goal.occurrences.map((occurrence) => (
              <li key={occurrence.classDay} data-outcome={occurrence.outcome}>
                <strong>{formatDay(occurrence.classDay, locale)}</strong> {texts.outcome[occurrence.outcome] ?? occurrence.outcome}
                {/* The run's detail is recorded in English: other languages show the translated outcome only. */}
                {locale === 'en' && occurrence.detail ? (
                  <>
                    : <span className={styles.muted}>{occurrence.detail}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className={styles.muted}>{goal.lastMaterializedAt ? texts.lastRun(formatInZone(goal.lastMaterializedAt, timeZone, locale)) : texts.neverRun}</p>
      {goal.lastRunError ? <p className={styles.warning}>{goal.lastRunError}</p> : null}

      <div className={styles.actions}>
        <button type="button" onClick={props.onEdit} disabled={props.busy}>
          {texts.edit}
        </button>
        <button type="button" onClick={props.onToggle} disabled={props.busy}>
          {goal.active ? texts.pause : texts.resume}
        </button>
        <button type="button" className={styles.danger} onClick={props.onDelete} disabled={props.busy}>
          {texts.delete}
        </button>
      </div>
    </article>
  );
}

function GoalForm(props: {
  texts: GoalsTexts;
  locale: GoalsLocale;
  boxes: GoalBoxOption[];
  draft: GoalDraft;
  isNew: boolean;
  busy: boolean;
  fieldErrors: FieldErrors;
  onChange(draft: GoalDraft): void;
  onSubmit(event: FormEvent): void;
  onCancel(): void;
}) {
  const { texts, draft, onChange, fieldErrors } = props;
  const days = weekdayNames(props.locale, 'long');
  // A field with a problem is marked invalid and described by its message, shown under it.
  const problemOf = (field: string) => {
    const messages = fieldErrors[field];
    if (!messages) return { describedBy: undefined, invalid: undefined, message: null } as const;
    const id = `goal-error-${field.replaceAll('.', '-')}`;
    return {
      describedBy: id,
      invalid: true as const,
      message: (
        <p id={id} className={styles.fieldError}>
          {messages.join(' ')}
        </p>
      ),
    };
  };
  const startTimeProblem = problemOf('startTime');
  const classNameProblem = problemOf('className');
  const update = (patch: Partial<GoalDraft>) => onChange({ ...draft, ...patch });
  const updateSkip = (index: number, patch: Partial<SkipDraft>) => update({ skips: draft.skips.map((skip, at) => (at === index ? { ...skip, ...patch } : skip)) });
  const updateFallback = (index: number, patch: Partial<AlternativeDraft>) =>
    update({ alternatives: draft.alternatives.map((alternative, at) => (at === index ? { ...alternative, ...patch } : alternative)) });
  return (
    <form className={styles.card} onSubmit={props.onSubmit} aria-labelledby="goal-form-title">
      <h2 id="goal-form-title">{props.isNew ? texts.newGoal : texts.editGoal}</h2>
      {props.isNew ? <p className={styles.hint}>{texts.example}</p> : null}
      <div className={styles.field}>
        <label htmlFor="goal-box">{texts.box}</label>
        <select id="goal-box" value={draft.boxId} onChange={(event) => update({ boxId: Number(event.target.value) })}>
          {props.boxes.map((box) => (
            <option key={box.boxId} value={box.boxId}>
              {box.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className={styles.field}>
        <legend>{texts.weekdays}</legend>
        <div className={styles.weekdays}>
          {days.map((name, index) => {
            const day = index + 1;
            return (
              <label key={day} className={styles.checkbox}>
                <input
                  type="checkbox"
                  checked={draft.weekdays.includes(day)}
                  onChange={(event) => update({ weekdays: event.target.checked ? [...draft.weekdays, day].sort((a, b) => a - b) : draft.weekdays.filter((value) => value !== day) })}
                />
                {name}
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className={styles.row}>
        <div className={styles.field}>
          <label htmlFor="goal-time">{texts.startTime}</label>
          <TypedInput id="goal-time" size={5} required placeholder={texts.timePlaceholder} value={draft.startTime} problem={startTimeProblem} onChange={(startTime) => update({ startTime })} />
          {startTimeProblem.message}
        </div>
        <div className={styles.field}>
          <label htmlFor="goal-class">{texts.className}</label>
          <input
            id="goal-class"
            required
            maxLength={60}
            placeholder={texts.classNamePlaceholder}
            value={draft.className}
            aria-invalid={classNameProblem.invalid}
            aria-describedby={['goal-class-hint', classNameProblem.describedBy].filter(Boolean).join(' ')}
            onChange={(event) => update({ className: event.target.value })}
          />
          <p id="goal-class-hint" className={styles.hint}>
            {texts.classNameHint}
          </p>
          {classNameProblem.message}
        </div>
        <div className={styles.field}>
          <label htmlFor="goal-match">{texts.match}</label>
          <select id="goal-match" value={draft.classNameMatch} onChange={(event) => update({ classNameMatch: event.target.value as GoalDraft['classNameMatch'] })}>
            <option value="exact">{texts.matchExact}</option>
            <option value="contains">{texts.matchContains}</option>
          </select>
        </div>
      </div>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={draft.waitlistIfFull} onChange={(event) => update({ waitlistIfFull: event.target.checked })} />
        {texts.waitlist}
      </label>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={draft.bookIfOpen} onChange={(event) => update({ bookIfOpen: event.target.checked })} />
        {texts.bookIfOpen}
      </label>
      <label className={styles.checkbox}>
        <input type="checkbox" checked={draft.active} onChange={(event) => update({ active: event.target.checked })} />
        {texts.active}
      </label>

      <fieldset className={styles.field}>
        <legend>{texts.fallbacks}</legend>
        <p className={styles.hint}>{texts.fallbacksHint}</p>
        {draft.alternatives.map((alternative, index) => {
          const row = problemOf(`alternatives.${index}`);
          const time = problemOf(`alternatives.${index}.startTime`);
          const name = problemOf(`alternatives.${index}.className`);
          return (
            <div key={index} className={styles.row}>
              <label className={styles.field}>
                {texts.fallbackTime(index + 2)}
                <TypedInput size={5} required placeholder={texts.timePlaceholder} value={alternative.startTime} problem={time} onChange={(startTime) => updateFallback(index, { startTime })} />
                {time.message}
              </label>
              <label className={styles.field}>
                {texts.fallbackClass(index + 2)}
                <input
                  required
                  maxLength={60}
                  placeholder={texts.classNamePlaceholder}
                  value={alternative.className}
                  aria-invalid={name.invalid ?? row.invalid}
                  aria-describedby={[name.describedBy, row.describedBy].filter(Boolean).join(' ') || undefined}
                  onChange={(event) => updateFallback(index, { className: event.target.value })}
                />
                {name.message}
                {row.message}
              </label>
              <button type="button" onClick={() => update({ alternatives: draft.alternatives.filter((_, at) => at !== index) })}>
                {texts.remove}
              </button>
            </div>
          );
        })}
        {draft.alternatives.length < MAX_FALLBACKS ? (
          <button type="button" onClick={() => update({ alternatives: [...draft.alternatives, { startTime: '', className: draft.className }] })}>
            {texts.addFallback}
          </button>
        ) : null}
      </fieldset>

      <fieldset className={styles.field}>
        <legend>{texts.skips}</legend>
        <p className={styles.hint}>{texts.skipsHint}</p>
        {draft.skips.map((skip, index) => {
          const row = problemOf(`skips.${index}`);
          const from = problemOf(`skips.${index}.from`);
          const to = problemOf(`skips.${index}.to`);
          const note = problemOf(`skips.${index}.note`);
          return (
            <div key={index} className={styles.row}>
              <label className={styles.field}>
                {texts.skipFrom}
                <TypedInput size={10} required placeholder={texts.dayPlaceholder} value={skip.from} problem={from} also={row} onChange={(value) => updateSkip(index, { from: value })} />
                {from.message}
                {row.message}
              </label>
              <label className={styles.field}>
                {texts.skipTo}
                <TypedInput size={10} placeholder={texts.dayPlaceholder} value={skip.to} problem={to} onChange={(value) => updateSkip(index, { to: value })} />
                {to.message}
              </label>
              <label className={styles.field}>
                {texts.skipNote}
                <input maxLength={100} value={skip.note} aria-invalid={note.invalid} aria-describedby={note.describedBy} onChange={(event) => updateSkip(index, { note: event.target.value })} />
                {note.message}
              </label>
              <button type="button" onClick={() => update({ skips: draft.skips.filter((_, at) => at !== index) })}>
                {texts.remove}
              </button>
            </div>
          );
        })}
        <button type="button" onClick={() => update({ skips: [...draft.skips, { from: '', to: '', note: '' }] })}>
          {texts.addSkip}
        </button>
      </fieldset>

      <div className={styles.actions}>
        <button type="submit" className={styles.primary} disabled={props.busy || draft.weekdays.length === 0}>
          {props.busy ? texts.saving : props.isNew ? texts.create : texts.save}
        </button>
        <button type="button" onClick={props.onCancel} disabled={props.busy}>
          {texts.cancel}
        </button>
      </div>
    </form>
  );
}

interface FieldProblem {
  describedBy: string | undefined;
  invalid: true | undefined;
}

/**
 * A time ("18:00") or day ("24/12/2026") typed as text in the page's language: a numeric keypad on
 * phones, marked invalid and described by the message under it when it could not be read.
 */
function TypedInput(props: { id?: string; size: number; required?: boolean; placeholder: string; value: string; problem: FieldProblem; also?: FieldProblem; onChange(value: string): void }) {
  const describedBy = [props.problem.describedBy, props.also?.describedBy].filter(Boolean).join(' ');
  return (
    <input
      id={props.id}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      size={props.size}
      required={props.required}
      placeholder={props.placeholder}
      value={props.value}
      aria-invalid={props.problem.invalid ?? props.also?.invalid}
      aria-describedby={describedBy || undefined}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}
