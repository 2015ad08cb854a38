import 'server-only';
import { getAdminDatabase, type Database } from '@/core/database/admin-client';
import { logger, type Logger } from '@/core/logging/logger';
import { systemClock, type Clock } from '@/core/time/clock';
import type { AimHarderClient } from '@/modules/aimharder';
import { createMemberAimHarderClient } from '@/modules/members';

export interface BookingsDependencies {
  db: Database;
  clock: Clock;
  aimharderFor(memberId: string): Promise<AimHarderClient>;
  logger: Logger;
}

let defaults: BookingsDependencies | undefined;

export function getBookingsDependencies(): BookingsDependencies {
  if (!defaults) {
    const db = getAdminDatabase();
    defaults = { db, clock: systemClock, aimharderFor: (memberId) => createMemberAimHarderClient(db, memberId), logger };
  }
  return defaults;
}
