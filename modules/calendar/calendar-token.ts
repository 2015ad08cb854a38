import { createHash, randomBytes } from 'node:crypto';

/** An unguessable feed token: 256 random bits, URL-safe. */
export function generateCalendarToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Feeds are looked up by this hash, so the database alone does not reveal a working URL. */
export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Associated data binding a sealed token to its member (see core/crypto/secret-box). */
export const calendarTokenContext = (memberId: string) => `calendar-feed:${memberId}`;
