import type { PrebookingStatus } from '@/modules/prebooking';
import type { AdminDictionary } from '../admin-dictionary';

export function StatusBadge({ status, resultCode, t }: { status: PrebookingStatus; resultCode?: string | null; t: AdminDictionary }) {
  const shown = status === 'completed' && resultCode === 'waitlisted' ? 'waitlisted' : status;
  return (
    <span className="badge" data-status={shown}>
      {t.status[shown]}
    </span>
  );
}
