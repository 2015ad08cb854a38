/**
 * `npm run qstash:setup`: creates (or updates in place) the QStash schedules Prebooker needs, with
 * fixed schedule ids so running it twice changes nothing. Uses QSTASH_URL/QSTASH_TOKEN and
 * APP_BASE_URL from the environment (production) or the local defaults.
 */
import { Client } from '@upstash/qstash';
import { parseEnv } from '../core/config/env';

export const SWEEP_SCHEDULE_ID = 'prebooker-prebooking-sweep';
/** Same id as GOALS_SCHEDULE_ID in modules/goals. */
export const GOALS_SCHEDULE_ID = 'prebooker-goals-materialize';

export async function setUpQStashSchedules(rawEnv: Record<string, string | undefined> = process.env): Promise<void> {
  const env = parseEnv(rawEnv);
  const client = new Client({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN, enableTelemetry: false, devMode: false });
  await client.schedules.create({
    scheduleId: SWEEP_SCHEDULE_ID,
    destination: `${env.APP_BASE_URL}/api/qstash/prebooking-sweep`,
    cron: env.PREBOOKING_SWEEP_CRON,
    body: JSON.stringify({ reason: 'schedule' }),
    headers: { 'Content-Type': 'application/json' },
    retries: 2,
  });
  console.log(`schedule ${SWEEP_SCHEDULE_ID}: "${env.PREBOOKING_SWEEP_CRON}" → ${env.APP_BASE_URL}/api/qstash/prebooking-sweep`);
  // Daily, in the boxes' zone (CRON_TZ), so the run keeps its local hour across DST changes.
  await client.schedules.create({
    scheduleId: GOALS_SCHEDULE_ID,
    destination: `${env.APP_BASE_URL}/api/qstash/goals-materialize`,
    cron: env.GOALS_MATERIALIZE_CRON,
    body: JSON.stringify({ reason: 'schedule' }),
    headers: { 'Content-Type': 'application/json' },
    retries: 2,
  });
  console.log(`schedule ${GOALS_SCHEDULE_ID}: "${env.GOALS_MATERIALIZE_CRON}" → ${env.APP_BASE_URL}/api/qstash/goals-materialize`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setUpQStashSchedules().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
