import type { Database } from '@/core/database/admin-client';
import { getAdminDatabase } from '@/core/database/admin-client';
import { getDirectDatabase, type DirectDatabase } from '@/core/database/direct-database';
import { getEnv } from '@/core/config/env';
import { createQStashPublisher, type QStashPublisher } from '@/core/qstash/qstash-publisher';
import { systemClock, type Clock } from '@/core/time/clock';
import { logger, type Logger } from '@/core/logging/logger';
import { boxClockHost, createBoxDateProbe, DEFAULT_BOX_CLOCK_POLICY, type AimHarderClient, type BoxClockPolicy, type BoxRef } from '@/modules/aimharder';
import { aimHarderHostsFromEnv, createMemberAimHarderClient, type MemberAccess } from '@/modules/members';
import { enqueueOutcomeNotification, getNotificationDependencies } from '@/modules/notifications';

export interface PrebookingConfig {
  appBaseUrl: string;
  leadMs: number;
  /** Extra lead per other prebooking firing in the same second, and its cap. */
  crowdLeadMs: number;
  crowdLeadMaxMs: number;
  tooEarlyRetryWindowMs: number;
  tooEarlyRetryIntervalMs: number;
  sameClassSpacingMs: number;
  qstashRetries: number;
  leaseMs: number;
  fireCommitMs: number;
  /** The booking request leaves this early with its last byte held back until the fire instant; 0 = off. */
  fireHoldMs: number;
  scheduling: 'direct' | 'armed';
  sweepIntervalMinutes: number;
  /** The longest an execution may wait before firing (stays inside the route's maxDuration). */
  maxWaitMs: number;
  /** The pre-flight check runs this long before the fire instant (at once when created later); 0 = off. */
  preflightLeadMs: number;
}

/** Everything the prebooking services touch, passed in so tests can sit exactly on an instant. */
export interface PrebookingDependencies {
  db: Database;
  /** An execution's claim, then its fire and outcome under the claim's lease: one round trip each, as the role that may do nothing else. */
  directDb: DirectDatabase;
  clock: Clock;
  publisher: QStashPublisher;
  aimharderFor(memberId: string, preloaded?: MemberAccess): Promise<AimHarderClient>;
  config: PrebookingConfig;
  logger: Logger;
  /**
   * Called once a prebooking has ended (completed, failed), after its outcome is stored. It must
   * not block the booking path: implementations enqueue work and return quickly, never throw.
   */
  onPrebookingEnded(prebookingId: string): Promise<void>;
  /** Release by arrival (issue 16); absent or disabled = fire by our own clock. */
  boxClock?: BoxClockDependencies;
}

/** Estimating each AimHarder host's clock: where, how, and how far to trust it. */
export interface BoxClockDependencies {
  enabled: boolean;
  policy: BoxClockPolicy;
  hostOf(box: BoxRef): string;
  /** A `Date` probe to the box's host; `timeoutMs` shortens its timeout (a comb's teeth are useless late). */
  probeFor(box: BoxRef, timeoutMs?: number): () => Promise<string | null>;
}

export function boxClockDependenciesFromEnv(): BoxClockDependencies {
  const env = getEnv();
  const hosts = aimHarderHostsFromEnv();
  return {
    enabled: env.PREBOOKING_BOX_CLOCK === 'on',
    policy: { ...DEFAULT_BOX_CLOCK_POLICY, marginMs: env.PREBOOKING_ARRIVAL_MARGIN_MS },
    hostOf: (box) => boxClockHost(hosts, box),
    probeFor: (box, timeoutMs) => createBoxDateProbe({ hosts, box, proxyUrl: env.AIMHARDER_PROXY_URL, timeoutMs }),
  };
}

export const EXECUTE_ROUTE = '/api/qstash/prebooking-execute';
export const FAILED_ROUTE = '/api/qstash/prebooking-failed';
export const SWEEP_ROUTE = '/api/qstash/prebooking-sweep';

/** Seconds the execute route may run (also in vercel.json). */
export const EXECUTE_MAX_DURATION_SECONDS = 60;

export function prebookingConfigFromEnv(): PrebookingConfig {
  const env = getEnv();
  return {
    appBaseUrl: env.APP_BASE_URL,
    leadMs: env.PREBOOKING_LEAD_MS,
    crowdLeadMs: env.PREBOOKING_CROWD_LEAD_MS,
    crowdLeadMaxMs: env.PREBOOKING_CROWD_LEAD_MAX_MS,
    tooEarlyRetryWindowMs: env.PREBOOKING_TOO_EARLY_RETRY_WINDOW_MS,
    tooEarlyRetryIntervalMs: env.PREBOOKING_TOO_EARLY_RETRY_INTERVAL_MS,
    sameClassSpacingMs: env.PREBOOKING_SAME_CLASS_SPACING_MS,
    qstashRetries: env.PREBOOKING_QSTASH_RETRIES,
    leaseMs: env.PREBOOKING_LEASE_MS,
    fireCommitMs: env.PREBOOKING_FIRE_COMMIT_MS,
    fireHoldMs: env.PREBOOKING_FIRE_HOLD_MS,
    scheduling: env.PREBOOKING_SCHEDULING,
    sweepIntervalMinutes: env.PREBOOKING_SWEEP_INTERVAL_MINUTES,
    // Leave room for the too-early retries and AimHarder's answer inside maxDuration.
    maxWaitMs: EXECUTE_MAX_DURATION_SECONDS * 1000 - env.PREBOOKING_TOO_EARLY_RETRY_WINDOW_MS - 12_000,
    preflightLeadMs: env.PREFLIGHT_LEAD_MINUTES * 60_000,
  };
}

let defaults: PrebookingDependencies | undefined;

export function getPrebookingDependencies(): PrebookingDependencies {
  if (!defaults) {
    const db = getAdminDatabase();
    defaults = {
      db,
      directDb: getDirectDatabase(),
      clock: systemClock,
      publisher: createQStashPublisher(),
      aimharderFor: (memberId, preloaded) => createMemberAimHarderClient(db, memberId, preloaded),
      config: prebookingConfigFromEnv(),
      logger,
      onPrebookingEnded: (prebookingId) => enqueueOutcomeNotification(getNotificationDependencies(), prebookingId),
      boxClock: boxClockDependenciesFromEnv(),
    };
  }
  return defaults;
}
