import type { CalendarFeedInfo } from '@/modules/calendar';
import { calendarFeedAction } from '../goals-settings.actions';
import type { CalendarNotice } from '../goals-settings-notice';
import { CopyTextButton } from './copy-text-button';
import styles from './goals.module.css';
import type { GoalsStrings } from './goals-texts';

/**
 * The member's private iCal address: create, copy, replace (the old one stops working), turn off.
 * Server-rendered forms posting to a server action, so each works with or without JavaScript;
 * `notice` is what the last post answered. Replacing asks first, in a disclosure rather than a
 * `confirm()` dialog, which would need JavaScript.
 */
export function CalendarFeedCard({ feed, strings, notice }: { feed: CalendarFeedInfo | null; strings: GoalsStrings; notice: CalendarNotice | null }) {
  const texts = strings.calendar;
  return (
    <section className={styles.card} aria-labelledby="calendar">
      <h2 id="calendar">{texts.title}</h2>
      <p className={styles.muted}>{texts.intro}</p>
      {feed ? (
        <>
          <label htmlFor="calendar-url" className={styles.field}>
            {texts.label}
          </label>
          <div className={styles.copyRow}>
            <input id="calendar-url" readOnly value={feed.url} />
            <CopyTextButton text={feed.url} label={texts.copy} copiedLabel={texts.copied} />
            <a href={feed.webcalUrl}>{texts.subscribe}</a>
          </div>
          <form action={calendarFeedAction} className={styles.actions}>
            <details className={styles.confirm}>
              <summary>{texts.regenerate}</summary>
              <p className={styles.muted}>{texts.confirmRegenerate}</p>
              <button type="submit" name="intent" value="replace">
                {texts.confirmReplace}
              </button>
            </details>
            <button type="submit" name="intent" value="revoke" className={styles.danger}>
              {texts.revoke}
            </button>
          </form>
        </>
      ) : (
        <form action={calendarFeedAction}>
          <p>{texts.none}</p>
          <button type="submit" name="intent" value="create" className={styles.primary}>
            {texts.create}
          </button>
        </form>
      )}
      <p role="status" className={notice === 'error' ? styles.warning : styles.muted}>
        {notice === 'error' ? strings.errors.generic : notice ? texts[notice] : ''}
      </p>
    </section>
  );
}
