import { plainText } from '../aimharder-text';
import type { CancelResponse } from '../aimharder.schema';
import type { CancelOutcome } from './booking-outcome';

/** `cancelState` 1 cancelled, 2 late warning (resend with late=1), 3 refused (reference §5). */
export function readCancelAnswer(answer: CancelResponse): CancelOutcome | null {
  const message = plainText(answer.errorMssg ?? '');
  switch (answer.cancelState ?? null) {
    case 1:
      return { kind: 'cancelled' };
    case 2:
      return { kind: 'late_cancellation_required' };
    case 3:
      return { kind: 'not_allowed', message: message || 'AimHarder did not allow cancelling this booking.' };
    case null:
      return message ? { kind: 'not_allowed', message } : null;
    default:
      return { kind: 'not_allowed', message: message || `AimHarder refused the cancellation (cancelState ${answer.cancelState}).` };
  }
}
