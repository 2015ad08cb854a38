import type { Database } from '@/core/database/admin-client';
import { databaseError } from '@/core/database/database-error';
import { AppError } from '@/core/http/app-error';

/** Failed sign-ins allowed per window before we stop asking AimHarder (protects the member's account). */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

const emailKey = (email: string) => `email:${email}`;
const addressKey = (address: string) => `ip:${address}`;

async function recentFailures(db: Database, key: string, since: Date): Promise<number> {
  const { count, error } = await db
    .from('sign_in_attempts')
    .select('id', { count: 'exact', head: true })
    .eq('throttle_key', key)
    .eq('succeeded', false)
    .gte('attempted_at', since.toISOString());
  if (error) throw databaseError('check sign-in attempts', error);
  return count ?? 0;
}

export async function assertSignInAllowed(db: Database, email: string, address: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const [byEmail, byAddress] = await Promise.all([recentFailures(db, emailKey(email), since), recentFailures(db, addressKey(address), since)]);
  if (byEmail >= SIGN_IN_LIMITS.perEmail || byAddress >= SIGN_IN_LIMITS.perAddress) {
    throw new AppError({
      code: 'rate_limited',
      reason: 'throttled',
      message: `Too many failed sign-in attempts. Wait ${SIGN_IN_LIMITS.windowMinutes} minutes before trying again.`,
    });
  }
}

export async function recordSignInAttempt(db: Database, email: string, address: string, succeeded: boolean): Promise<void> {
  const { error } = await db.from('sign_in_attempts').insert([
    { throttle_key: emailKey(email), succeeded },
    { throttle_key: addressKey(address), succeeded },
  ]);
  if (error) throw databaseError('record the sign-in attempt', error);
}
