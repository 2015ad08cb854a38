'use client';

import { useState, type FormEvent } from 'react';
import type { EmailPreference, NotificationSettings } from '@/modules/notifications';
import { ActionFeedback } from '@/modules/ui';
import styles from './goals.module.css';
import { withGoalsPhrases, type GoalsLocale } from './goals-phrases';
import type { GoalsStrings } from './goals-texts';

/** Which outcome emails the member gets (all, failures only, none). */
export function NotificationSettingsForm({ initial, locale, strings }: { initial: NotificationSettings; locale: GoalsLocale; strings: GoalsStrings }) {
  const texts = withGoalsPhrases(strings, locale).notifications;
  const [choice, setChoice] = useState<EmailPreference>(initial.emailOutcomes);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error' | 'signedOut'>('idle');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('saving');
    try {
      const response = await fetch('/api/me/notifications', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ emailOutcomes: choice }),
      });
      setStatus(response.ok ? 'saved' : response.status === 401 ? 'signedOut' : 'error');
    } catch {
      setStatus('error');
    }
  };

  return (
    <form className={styles.card} onSubmit={save} aria-labelledby="notifications">
      <h2 id="notifications">{texts.title}</h2>
      <p className={styles.muted}>{texts.intro(initial.email)}</p>
      {initial.emailEnabled ? null : <p className={styles.warning}>{texts.disabled}</p>}
      <fieldset className={styles.field}>
        <legend className="sr-only">{texts.title}</legend>
        {(['all', 'failures', 'none'] as const).map((value) => (
          <label key={value} className={styles.checkbox}>
            <input type="radio" name="emailOutcomes" value={value} checked={choice === value} onChange={() => setChoice(value)} />
            {texts[value]}
          </label>
        ))}
      </fieldset>
      <div className={styles.actions}>
        <button type="submit" className={styles.primary} disabled={status === 'saving'}>
          {texts.save}
        </button>
        {status === 'signedOut' ? <ActionFeedback result={{ ok: false, message: '', reason: 'unauthenticated' }} /> : null}
        <span aria-live="polite" className={styles.muted}>
          {status === 'saved' ? texts.saved : status === 'error' ? strings.errors.generic : ''}
        </span>
      </div>
    </form>
  );
}
