import { describe, expect, it } from 'vitest';
import type { Database } from '@/core/database/admin-client';
import { reserveSignInAttempt, settleSignInAttempt } from './sign-in-throttle';

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

/** A database whose settlement update answers from `answers`, in turn, and remembers what it was asked. */
function databaseSettling(answers: Array<{ error: { message: string; code?: string } | null }>) {
  const updates: Array<{ values: unknown; ids: unknown; unsettledOnly: boolean }> = [];
  const db = {
    from: (table: string) => {
      expect(table).toBe('sign_in_attempts');
      return {
        update: (values: unknown) => ({
          in: (_column: string, ids: unknown) => ({
            is: async (column: string, value: unknown) => {
              updates.push({ values, ids, unsettledOnly: column === 'succeeded' && value === null });
              return answers[Math.min(updates.length - 1, answers.length - 1)];
            },
          }),
        }),
      };
    },
  } as unknown as Database;
  return { db, updates };
}

describe('settleSignInAttempt', () => {
  it('tries a failed settlement again (only rows not yet settled), so a signed-in member is not told the database failed', async () => {
    const { db, updates } = databaseSettling([{ error: { message: 'canceling statement due to lock timeout', code: '55P03' } }, { error: null }]);
    await expect(settleSignInAttempt(db, { ids: [7, 8] }, true)).resolves.toBeUndefined();
    expect(updates).toEqual([
      { values: { succeeded: true }, ids: [7, 8], unsettledOnly: true },
      { values: { succeeded: true }, ids: [7, 8], unsettledOnly: true },
    ]);
  });

  it('answers "try again" (503) only when every try failed', async () => {
    const { db, updates } = databaseSettling([{ error: { message: 'connection reset' } }]);
    await expect(settleSignInAttempt(db, { ids: [1] }, false)).rejects.toMatchObject({ code: 'unavailable', message: 'The database could not record the sign-in attempt. Please try again.' });
    expect(updates).toHaveLength(3);
  });
});
