import type { Dictionary } from '@/modules/i18n';
import type { PrebookingStatus } from '@/modules/prebooking';

export function StatusBadge({ status, resultCode, t }: { status: PrebookingStatus; resultCode?: string | null; t: Dictionary }) {
  const shown = status === 'completed' && resultCode === 'waitlisted' ? 'waitlisted' : status;
  return (
    <span className="badge" data-status={shown}>
      {t.status[shown]}
    </span>
  );
}
