import type { Dictionary } from '@/modules/i18n';
import type { PrebookingStatus } from '@/modules/prebooking';

const BADGE_CLASS: Record<PrebookingStatus | 'waitlisted', string> = {
  pending: 'badge--muted',
  scheduled: 'badge--accent',
  executing: 'badge--info',
  completed: 'badge--ok',
  waitlisted: 'badge--info',
  failed: 'badge--danger',
  cancelled: 'badge--muted',
};

export function StatusBadge({ status, resultCode, t }: { status: PrebookingStatus; resultCode?: string | null; t: Dictionary }) {
  const shown = status === 'completed' && resultCode === 'waitlisted' ? 'waitlisted' : status;
  return <span className={`badge ${BADGE_CLASS[shown]}`}>{t.status[shown]}</span>;
}
