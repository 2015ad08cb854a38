import { AppError } from '@/core/http/app-error';
import { AimHarderLoginError } from './aimharder-errors';

/**
 * AimHarder failing while a member waits on a page or an API call: a clear 502 (or "sign in
 * again" when AimHarder stopped accepting the saved password), never a bare 500.
 */
export function rethrowAimHarderFailure(error: unknown): never {
  if (error instanceof AppError) throw error;
  if (error instanceof AimHarderLoginError && error.reason === 'wrong_credentials') {
    throw new AppError({ code: 'unauthenticated', reason: 'aimharder_credentials_rejected', message: 'AimHarder no longer accepts your saved password. Sign in again.', cause: error });
  }
  throw new AppError({ code: 'upstream_unavailable', reason: 'aimharder_unavailable', message: 'AimHarder is not answering properly right now. Try again in a moment.', cause: error });
}
