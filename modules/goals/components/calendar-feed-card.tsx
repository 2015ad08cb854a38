'use client';

import { useState } from 'react';
import type { CalendarFeedInfo } from '@/modules/calendar';
import { ActionFeedback } from '@/modules/ui';
import styles from './goals.module.css';
import type { GoalsStrings } from './goals-texts';

/** The member's private iCal address: create, copy, replace (revokes the old one), turn off. */
export function CalendarFeedCard({ initial, strings }: { initial: CalendarFeedInfo | null; strings: GoalsStrings }) {
  const texts = strings.calendar;
  const [feed, setFeed] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [signedOut, setSignedOut] = useState(false);

  const call = async (method: 'POST' | 'DELETE') => {
    setBusy(true);
    setMessage('');
    try {
      const response = await fetch('/api/me/calendar', { method });
      setSignedOut(response.status === 401);
      if (response.status === 401) return;
      if (!response.ok) throw new Error(String(response.status));
      if (method === 'POST') setFeed(((await response.json()) as { feed: CalendarFeedInfo }).feed);
      else setFeed(null);
    } catch {
      setMessage(strings.errors.generic);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!feed) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      setMessage(texts.copied);
    } catch {
      setMessage('');
    }
  };

  return (
    <section className={styles.card} aria-labelledby="calendar">
      <h2 id="calendar">{texts.title}</h2>
      <p className={styles.muted}>{texts.intro}</p>
      {signedOut ? <ActionFeedback result={{ ok: false, message: '', reason: 'unauthenticated' }} /> : null}
      {feed ? (
        <>
          <label htmlFor="calendar-url" className={styles.field}>
            {texts.label}
          </label>
          <div className={styles.copyRow}>
            <input id="calendar-url" readOnly value={feed.url} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" onClick={() => void copy()}>
              {texts.copy}
            </button>
            <a href={feed.webcalUrl}>{texts.subscribe}</a>
          </div>
          <div className={styles.actions}>
            <button type="button" disabled={busy} onClick={() => window.confirm(texts.confirmRegenerate) && void call('POST')}>
              {texts.regenerate}
            </button>
            <button type="button" className={styles.danger} disabled={busy} onClick={() => void call('DELETE')}>
              {texts.revoke}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{texts.none}</p>
          <button type="button" className={styles.primary} disabled={busy} onClick={() => void call('POST')}>
            {texts.create}
          </button>
        </>
      )}
      <p aria-live="polite" className={styles.muted}>
        {message}
      </p>
    </section>
  );
}
