'use client';

import { useI18n } from '@/modules/i18n';
import type { OverlapConflict } from '@/modules/prebooking';

const TEXT = {
  en: { replace: (name: string) => `Replace my ${name} prebooking`, keep: 'Keep mine', title: 'Same hour as another class' },
  es: { replace: (name: string) => `Sustituir mi prerreserva de ${name}`, keep: 'Mantener la mía', title: 'A la misma hora que otra clase' },
} as const;

/**
 * The answer to a prebooking refused for overlapping another class: "keep mine" (nothing changes)
 * or, when the other one is a prebooking, replace it. A booking already held is not replaced from
 * here: AimHarder refuses the new class while it is held, so the member cancels it first.
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
  onReplace: (prebookingId: string) => void;
  onKeep: () => void;
}) {
  const { locale } = useI18n();
  const text = TEXT[locale];
  return (
    <div className="confirm" role="alertdialog" aria-label={text.title} data-overlap={conflict.kind}>
      <p>{message}</p>
      <div className="confirm__actions">
        {conflict.kind === 'prebooking' ? (
          <button type="button" className="button" disabled={busy} onClick={() => onReplace(conflict.prebookingId)}>
            {text.replace(conflict.className)}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" disabled={busy} onClick={onKeep} autoFocus>
          {text.keep}
        </button>
      </div>
    </div>
  );
}
