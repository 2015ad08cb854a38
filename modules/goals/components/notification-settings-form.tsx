import type { NotificationSettings } from '@/modules/notifications';
import { saveEmailPreferenceAction } from '../goals-settings.actions';
import type { EmailsNotice } from '../goals-settings-notice';
import styles from './goals.module.css';
import { withGoalsPhrases, type GoalsLocale } from './goals-phrases';
import type { GoalsStrings } from './goals-texts';

/**
 * Which outcome emails the member gets (all, failures only, none). A server-rendered form: it posts
 * to a server action with or without JavaScript, and `notice` is what the last post answered.
 */
export function NotificationSettingsForm({ initial, locale, strings, notice }: { initial: NotificationSettings; locale: GoalsLocale; strings: GoalsStrings; notice: EmailsNotice | null }) {
  const texts = withGoalsPhrases(strings, locale).notifications;
  return (
    <form className={styles.card} action={saveEmailPreferenceAction} aria-labelledby="notifications">
      <h2 id="notifications">{texts.title}</h2>
      <p className={styles.muted}>{texts.intro(initial.email)}</p>
      {initial.emailEnabled ? null : <p className={styles.warning}>{texts.disabled}</p>}
      <fieldset className={styles.field}>
        <legend className="sr-only">{texts.title}</legend>
        {(['all', 'failures', 'none'] as const).map((value) => (
          // Keyed by the stored choice too: after a save the radios show what is stored, not what the browser kept.
          <label key={`${value}-${initial.emailOutcomes}`} className={styles.checkbox}>
            <input type="radio" name="emailOutcomes" value={value} defaultChecked={initial.emailOutcomes === value} />
            {texts[value]}
          </label>
        ))}
      </fieldset>
      <div className={styles.actions}>
        <button type="submit" className={styles.primary}>
          {texts.save}
        </button>
        <span role="status" className={notice === 'error' ? styles.warning : styles.muted}>
          {notice === 'saved' ? texts.saved : notice === 'error' ? strings.errors.generic : ''}
        </span>
      </div>
    </form>
  );
}
