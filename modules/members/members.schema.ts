import { z } from 'zod';
import { bookingWindowRuleSchema, type BookingWindowRule } from '@/modules/aimharder';

export type MemberRole = 'member' | 'admin';

export interface Member {
  id: string;
  aimharderUserId: string;
  email: string;
  displayName: string;
  role: MemberRole;
  locale: 'en' | 'es';
  sessionVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface Box {
  boxId: number;
  subdomain: string;
  name: string;
  timeZone: string;
  bookingWindowRule: BookingWindowRule | null;
  bookingWindowSource: 'configured' | 'learned' | null;
}

export const boxRowSchema = z.object({
  aimharder_box_id: z.coerce.number().int(),
  subdomain: z.string(),
  display_name: z.string(),
  time_zone: z.string(),
  booking_window_rule: bookingWindowRuleSchema.nullable().catch(null),
  booking_window_source: z.enum(['configured', 'learned']).nullable(),
});

/** Encrypted at rest; only member-credentials.ts opens them. */
export interface StoredCredentials {
  memberId: string;
  passwordCiphertext: string;
  sessionCiphertext: string | null;
  fingerprint: string;
}

/** What building a member's AimHarder client reads from the database, when a caller already has it. */
export interface MemberAccess {
  email: string;
  credentials: StoredCredentials | null;
}
