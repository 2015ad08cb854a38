import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { AppError } from '@/core/http/app-error';

/** Attempts allowed per window, in flight or failed, before we stop asking AimHarder (protects the member's account). */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

/** Tries of each throttle statement before the member is told the database could not do it. */
const STATEMENT_TRIES = 3;
const RETRY_PAUSE_MS = 50;

const emailKey = (email: string) => `email:${email.toLowerCase()}`;
const addressKey = (address: string) => `ip:${address}`;

/** The rows an attempt reserved; settled once AimHarder has answered. */
export interface SignInReservation {
  ids: number[];
}

/**
 * Reserves one attempt for this email and this address before AimHarder is asked, or throws
 * `rate_limited`. The count and the insert are one SQL call under a per-key lock
 * (reserve_sign_in_attempt), so parallel requests cannot all slip under the limit.
 */
export async function reserveSignInAttempt(db: Database, email: string, address: string): Promise<SignInReservation> {
  const reserve = () =>
    db.rpc('reserve_sign_in_attempt', {
      p_email_key: emailKey(email),
      p_address_key: addressKey(address),
      p_email_limit: SIGN_IN_LIMITS.perEmail,
      p_address_limit: SIGN_IN_LIMITS.perAddress,
      p_window_seconds: SIGN_IN_LIMITS.windowMinutes * 60,
    });
  // It is one transaction, so trying again reserves at most once more, which errs towards throttling.
  const { data, error } = await withRetries(reserve);
  if (error) throw databaseError('check sign-in attempts', error);
  if (!Array.isArray(data) || data.length === 0) {
    throw new AppError({
      code: 'rate_limited',
      reason: 'throttled',
      message: `Too many sign-in attempts. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes before trying again.`,
    });
  }
  return { ids: data.map(Number) };
}

/**
 * Records how a reserved attempt ended. Only a success stops counting; an attempt never settled
 * (the function died) keeps counting as a failure until its window passes.
 */
export async function settleSignInAttempt(db: Database, reservation: SignInReservation, succeeded: boolean): Promise<void> {
  // Idempotent (only rows not yet settled), so a retry cannot settle twice.
  const { error } = await withRetries(() => db.from('sign_in_attempts').update({ succeeded }).in('id', reservation.ids).is('succeeded', null));
  if (error) throw databaseError('record the sign-in attempt', error);
}

/**
 * Runs a throttle statement, trying again while it answers an error. Under load one of them now
 * and then fails (full CI runs: about 1 sign-in in a few thousand, for the reservation and for the
 * settlement alike); a member should not be told to retry what we can retry ourselves.
 */
async function withRetries<Answer extends { error: unknown }>(statement: () => PromiseLike<Answer>): Promise<Answer> {
  let answer = await statement();
  for (let retry = 1; answer.error && retry < STATEMENT_TRIES; retry += 1) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * retry));
    answer = await statement();
  }
  return answer;
}
