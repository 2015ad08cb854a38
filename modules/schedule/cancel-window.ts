import type { Prebooking } from '@/modules/prebooking';

/**
 * The last instant a member's cancel can still win: the executor commits to fire `fireCommitMs`
 * before the fire instant, and a committed prebooking answers a cancel with 409. The pages hide
 * the Cancel button from then on instead of offering what cannot work.
 */
export function cancellableUntil(prebooking: Pick<Prebooking, 'fireAt'>, fireCommitMs: number): string {
  return new Date(Date.parse(prebooking.fireAt) - fireCommitMs).toISOString();
}

/** Whether a prebooking is in its last seconds: being (or about to be) sent, no longer cancellable. */
export function isFiring(prebooking: { status: string; cancellableUntil: string }, now: number | null): boolean {
  if (prebooking.status === 'executing') return true;
  return now !== null && now >= Date.parse(prebooking.cancellableUntil);
}
