import type { AdminGoalView } from '../goals.service';
import styles from './goals.module.css';
import { goalsTexts, weekdayNames, type GoalsLocale } from './goals-texts';

const ADMIN_TEXTS = {
  en: { member: 'Member', goal: 'Goal', box: 'Box', status: 'Status', prebookings: 'Waiting / booked', lastRun: 'Last run', none: 'No goals.' },
  es: { member: 'Miembro', goal: 'Objetivo', box: 'Box', status: 'Estado', prebookings: 'Pendientes / reservadas', lastRun: 'Última ejecución', none: 'Sin objetivos.' },
};

/** Goals per member for admins (read-only): the rule, its state and what it has made. */
export function AdminGoalsTable({ goals, locale }: { goals: AdminGoalView[]; locale: GoalsLocale }) {
  const texts = goalsTexts(locale);
  const labels = ADMIN_TEXTS[locale];
  const days = weekdayNames(locale);
  if (goals.length === 0) return <p className={styles.muted}>{labels.none}</p>;
  const format = new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { timeZone: 'Europe/Madrid', dateStyle: 'short', timeStyle: 'short' });
  return (
    <div style={{ overflowX: 'auto' }}>
      <table>
        <thead>
          <tr>
            <th scope="col">{labels.member}</th>
            <th scope="col">{labels.goal}</th>
            <th scope="col">{labels.box}</th>
            <th scope="col">{labels.status}</th>
            <th scope="col">{labels.prebookings}</th>
            <th scope="col">{labels.lastRun}</th>
          </tr>
        </thead>
        <tbody>
          {goals.map((goal) => {
            const waiting = goal.prebookings.filter((prebooking) => ['pending', 'scheduled', 'executing'].includes(prebooking.status)).length;
            const booked = goal.prebookings.filter((prebooking) => prebooking.status === 'completed').length;
            return (
              <tr key={goal.id}>
                <td>{goal.member ? `${goal.member.displayName} (${goal.member.email})` : goal.memberId}</td>
                <td>
                  {goal.weekdays.map((day) => days[day - 1]).join(', ')} · {goal.startTime} · {goal.className}
                  {goal.skips.length > 0 ? ` · ${texts.skips}: ${goal.skips.length}` : ''}
                </td>
                <td>{goal.boxName}</td>
                <td>{goal.active ? texts.active : texts.paused}</td>
                <td>
                  {waiting} / {booked}
                </td>
                <td>
                  {goal.lastMaterializedAt ? format.format(new Date(goal.lastMaterializedAt)) : '—'}
                  {goal.lastRunError ? <span className={styles.warning}> {goal.lastRunError}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
