import 'server-only';
import { getAdminDatabase, type Database } from '@/core/database/admin-client';
import { getEnv } from '@/core/config/env';
import { createSecretBox, type SecretBox } from '@/core/crypto/secret-box';
import { systemClock, type Clock } from '@/core/time/clock';
import { getBookingsDependencies, type BookingsDependencies } from '@/modules/bookings';

export interface CalendarDependencies {
  db: Database;
  clock: Clock;
  /** Seals the feed token at rest so the member can be shown their URL again. */
  secretBox: SecretBox;
  appBaseUrl: string;
  /** The synced view of the member's bookings, refreshed when the feed is fetched. */
  bookings: BookingsDependencies;
}

let defaults: CalendarDependencies | undefined;

export function getCalendarDependencies(): CalendarDependencies {
  if (!defaults) {
    const env = getEnv();
    defaults = {
      db: getAdminDatabase(),
      clock: systemClock,
      secretBox: createSecretBox(env.CREDENTIALS_ENCRYPTION_KEY),
      // Links members follow: the host they open the app at (APP_LINK_BASE_URL), else APP_BASE_URL.
      appBaseUrl: env.APP_LINK_BASE_URL ?? env.APP_BASE_URL,
      bookings: getBookingsDependencies(),
    };
  }
  return defaults;
}
