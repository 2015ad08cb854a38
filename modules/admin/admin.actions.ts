'use server';

import { z } from 'zod';
import { runSessionAction } from '@/modules/account';
import { cancelPrebooking, getPrebookingDependencies, prebookingIdSchema, retryPrebooking } from '@/modules/prebooking';
import { getAdminDictionary } from './admin-dictionary';

export type AdminActionResult = { ok: true; message: string } | { ok: false; message: string; reason?: string };

const byPrebookingId = { schema: z.strictObject({ prebookingId: prebookingIdSchema }), requireAdmin: true };

/** "Retry now" for a failed prebooking whose class has not started. */
export async function retryPrebookingAction(input: unknown): Promise<AdminActionResult> {
  return runSessionAction('retryPrebooking', byPrebookingId, input, async (admin, { prebookingId }, locale) => {
    await retryPrebooking(getPrebookingDependencies(), admin, prebookingId);
    return { ok: true, message: getAdminDictionary(locale).admin.retried };
  });
}

export async function adminCancelPrebookingAction(input: unknown): Promise<AdminActionResult> {
  return runSessionAction('adminCancelPrebooking', byPrebookingId, input, async (admin, { prebookingId }, locale) => {
    await cancelPrebooking(getPrebookingDependencies(), admin, prebookingId);
    return { ok: true, message: getAdminDictionary(locale).prebookings.cancelled };
  });
}
