import 'server-only';
import type { Database } from '@/core/database/admin-client';
import { getEnv } from '@/core/config/env';
import type { QStashPublisher } from '@/core/qstash/qstash-publisher';
import type { Clock } from '@/core/time/clock';
import type { Logger } from '@/core/logging/logger';
import type { BoxRef } from '@/modules/aimharder';
import { getPrebookingDependencies, type PrebookingDependencies } from '@/modules/prebooking';
import type { TimetableClass } from './goals.schema';

export const GOALS_MATERIALIZE_ROUTE = '/api/qstash/goals-materialize';
export const GOALS_SCHEDULE_ID = 'prebooker-goals-materialize';
/** A member's goals are few; this keeps one member from turning the daily run into a crawl. */
export const MAX_GOALS_PER_MEMBER = 20;

/** Where a goal reads a box's classes for a day: AimHarder as the member, or a fake in tests. */
export interface TimetableSource {
  listClasses(memberId: string, box: BoxRef, day: string): Promise<TimetableClass[]>;
}

export interface GoalsConfig {
  appBaseUrl: string;
  /** Classes whose booking opens within this long are prebooked by a run. */
  horizonMs: number;
  qstashRetries: number;
  /** Gap between the per-goal messages of the daily fan-out, to spread AimHarder calls. */
  fanOutSpacingMs: number;
}

export interface GoalsDependencies {
  db: Database;
  clock: Clock;
  logger: Logger;
  publisher: QStashPublisher;
  /** Goals create and cancel prebookings through the prebooking module, with its dependencies. */
  prebooking: PrebookingDependencies;
  timetable: TimetableSource;
  config: GoalsConfig;
}

let defaults: GoalsDependencies | undefined;

export function getGoalsDependencies(): GoalsDependencies {
  if (!defaults) {
    const env = getEnv();
    const prebooking = getPrebookingDependencies();
    defaults = {
      db: prebooking.db,
      clock: prebooking.clock,
      logger: prebooking.logger,
      publisher: prebooking.publisher,
      prebooking,
      timetable: {
        async listClasses(memberId, box, day) {
          const client = await prebooking.aimharderFor(memberId);
          const classes = await client.listClasses(box, day);
          return classes.map((slot) => ({ id: slot.id, name: slot.name, startTime: slot.startTime, memberState: slot.memberState }));
        },
      },
      config: { appBaseUrl: env.APP_BASE_URL, horizonMs: env.GOALS_HORIZON_HOURS * 3_600_000, qstashRetries: 3, fanOutSpacingMs: 1_000 },
    };
  }
  return defaults;
}
