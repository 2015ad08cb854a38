import { describe, expect, it } from 'vitest';
import type { Database } from '@/core/database/admin-client';
import { reserveSignInAttempt } from './sign-in-throttle';

/** A database whose reservation call answers from `answers`, in turn. */
function databaseAnswering(answers: Array<{ data: unknown; error: { message: string; code?: string } | null }>) {
  let calls = 0;
  const db = { rpc: async () => answers[Math.min(calls++, answers.length - 1)] } as unknown as Database;
  return { db, calls: () => calls };
}

describe('reserveSignInAttempt', () => {
  it('tries a failed reservation again before telling the member the database could not check', async () => {
    const { db, calls } = databaseAnswering([{ data: null, error: { message: 'connection reset' } }, { data: [7, 8], error: null }]);
    await expect(reserveSignInAttempt(db, 'a@b.c', '1.2.3.4')).resolves.toEqual({ ids: [7, 8] });
    expect(calls()).toBe(2);
  });

  it('answers "try again" (503) only when every try failed, and "too many" when the limit is reached', async () => {
    const failing = databaseAnswering([{ data: null, error: { message: 'connection reset' } }]);
    await expect(reserveSignInAttempt(failing.db, 'a@b.c', '1.2.3.4')).rejects.toMatchObject({ code: 'unavailable', message: 'The database could not check sign-in attempts. Please try again.' });
    expect(failing.calls()).toBe(3);
    const limited = databaseAnswering([{ data: null, error: null }]);
    await expect(reserveSignInAttempt(limited.db, 'a@b.c', '1.2.3.4')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(limited.calls()).toBe(1);
  });
});
