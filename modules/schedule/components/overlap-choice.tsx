'use client';

import { useI18n } from '@/modules/i18n/use-i18n';
import type { OverlapConflict } from '@/modules/prebooking';

/** What "replace" posts: the prebooking to cancel now, or the booking to swap at the opening. */
export type ReplaceTarget = { kind: 'prebooking'; id: string } | { kind: 'booking'; id: string };

/**
 * The answer to a prebooking refused for overlapping another class: "keep mine" (nothing changes)
 * or replace the other one. A prebooking is replaced at once; a booking already held is kept until
 * the opening instant and swapped then (AimHarder refuses the new class while it is held, so the
 * old one is cancelled first and booked again if the new one cannot be got).
 */
export function OverlapChoice({
  conflict,
  message,
  busy,
  onReplace,
  onKeep,
}: {
  conflict: OverlapConflict;
  message: string;
  busy: boolean;
  onReplace: (target: ReplaceTarget) => void;
  onKeep: () => void;
}) {
  const { t } = useI18n();
  const text = t.overlap;
  const replaceable = conflict.kind === 'prebooking' || conflict.reservationId !== null;
  return (
    <div className="confirm" role="alertdialog" aria-label={text.title} data-overlap={conflict.kind}>
      <p>{message}</p>
      {conflict.kind === 'booking' && conflict.reservationId !== null ? <p className="muted">{text.replaceBookingHint(conflict.startTime, conflict.className)}</p> : null}
      <div className="confirm__actions">
        {replaceable ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => onReplace(conflict.kind === 'prebooking' ? { kind: 'prebooking', id: conflict.prebookingId } : { kind: 'booking', id: conflict.reservationId! })}
          >
            {conflict.kind === 'prebooking' ? text.replacePrebooking(conflict.className) : text.replaceBooking(conflict.startTime, conflict.className)}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" disabled={busy} onClick={onKeep} autoFocus>
          {text.keep}
        </button>
      </div>
    </div>
  );
}
