/**
 * Shared by the fault suite in tests/reliability: every fault is injected into the real local
 * stack (Next over HTTP, the Supabase API over embedded PostgreSQL, dev/qstash, dev/aimharder), and
 * every delivery is signed for real, by dev/qstash or with the stack's signing key.
 */
import fs from 'node:fs';
import { Client } from '@upstash/qstash';
import {
  createPrebookingFor,
  createSimClass,
  configureSim,
  getPrebooking,
  newSignedInMember,
  testDatabase,
  type PrebookingJson,
  type SignedInMember,
  type SimClass,
} from '../support/app-client';
import { signQStashBody } from '../support/qstash-signing';
import { getTestStack } from '../support/test-stack';

export const EXECUTE_PATH = '/api/qstash/prebooking-execute';
export const SWEEP_PATH = '/api/qstash/prebooking-sweep';
export const FAILED_PATH = '/api/qstash/prebooking-failed';

export const ACTIVE_STATUSES = ['pending', 'scheduled', 'executing'];

/** The simulator's settings with every fault off, to restore after a test that injected some. */
export const NO_SIM_FAULTS = { errorRate: 0, timeoutRate: 0, failNextBookRequests: 0, faultEndpoints: 'all', timeoutHangMs: 120_000 } as const;

export function stackQStash(): Client {
  const { urls, env } = getTestStack();
  return new Client({ baseUrl: urls.qstash, token: env.QSTASH_TOKEN, enableTelemetry: false });
}

export interface StagedPrebooking {
  member: SignedInMember;
  simClass: SimClass;
  prebooking: PrebookingJson;
}

/**
 * A member with a prebooking for their own class (one class each, so the simulator's request log
 * per class is that prebooking's traffic). The class opens in ten minutes: nothing fires on its
 * own while the test sets the fault up.
 */
export async function stagePrebooking(label: string): Promise<StagedPrebooking> {
  const member = await newSignedInMember(label);
  const simClass = await createSimClass({ opensInMs: 600_000, name: `Fault ${label}` });
  const prebooking = await createPrebookingFor(member, simClass);
  if (prebooking.status !== 'scheduled' || !prebooking.qstashMessageId) {
    throw new Error(`prebooking ${prebooking.id} was not scheduled: ${JSON.stringify(prebooking)}`);
  }
  return { member, simClass, prebooking };
}

/**
 * Makes a staged prebooking due now without waiting for a whole-minute opening: its QStash message
 * is cancelled (the test decides how it is delivered), the class opens now at the simulator and
 * the fire instant moves `agoMs` into the past. Timing is not what these tests are about.
 */
export async function makeDueNow(staged: StagedPrebooking, agoMs = 2_000): Promise<void> {
  await stackQStash().messages.cancel(staged.prebooking.qstashMessageId!);
  await configureSim({ openClassNow: staged.simClass.id });
  const past = new Date(Date.now() - agoMs).toISOString();
  const { error } = await testDatabase().from('prebookings').update({ available_at: past, fire_at: past }).eq('id', staged.prebooking.id);
  if (error) throw new Error(`could not move prebooking ${staged.prebooking.id}: ${error.message}`);
}

/**
 * POSTs a body to an app QStash route exactly as QStash would deliver it: a fresh Upstash-Signature
 * JWT per attempt (signed with the key the app verifies with), message id and retry count headers.
 */
export async function deliverSigned(path: string, body: unknown, options: { messageId?: string; retried?: number } = {}): Promise<Response> {
  const { urls, env } = getTestStack();
  const url = `${urls.app}${path}`;
  const raw = JSON.stringify(body);
  const signature = await signQStashBody({ key: env.QSTASH_CURRENT_SIGNING_KEY!, url, body: raw });
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'upstash-signature': signature,
      'upstash-message-id': options.messageId ?? `msg_test_${crypto.randomUUID()}`,
      'upstash-retried': String(options.retried ?? 0),
    },
    body: raw,
  });
}

export interface SweepReport {
  armed: number;
  republished: number;
  failed: number;
  examined: number;
}

/** One run of the app's sweep, delivered as its QStash schedule would; returns the sweep's report. */
export async function runSweep(): Promise<SweepReport> {
  const response = await deliverSigned(SWEEP_PATH, { reason: 'reliability test' });
  if (!response.ok) throw new Error(`sweep answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SweepReport;
}

/**
 * `next dev` compiles a route on its first request, which can take seconds on a busy machine; an
 * unsigned POST (401) compiles it before a test depends on when a delivery is handled.
 */
export async function warmRoutes(paths: string[] = [EXECUTE_PATH, SWEEP_PATH, FAILED_PATH]): Promise<void> {
  const { urls } = getTestStack();
  for (const path of paths) {
    const response = await fetch(`${urls.app}${path}`, { method: 'POST', body: '{}' });
    await response.arrayBuffer();
  }
}

export async function currentPrebooking(staged: StagedPrebooking): Promise<PrebookingJson> {
  return (await getPrebooking(staged.member, staged.prebooking.id)).prebooking;
}

export async function eventTypes(staged: StagedPrebooking): Promise<string[]> {
  return (await getPrebooking(staged.member, staged.prebooking.id)).events.map((event) => event.type);
}

interface SimClassState {
  bookings: Array<{ reservationId: string; userId: number; source: 'member' | 'rival' | 'prefill' }>;
  waitlist: Array<{ reservationId: string; userId: number }>;
}

/** Reservations the simulator holds for a class, booked by members (not rivals or prefill). */
export async function memberReservations(classId: string): Promise<SimClassState['bookings']> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/classes/${classId}`);
  if (!response.ok) throw new Error(`simulator class ${classId}: ${response.status}`);
  const state = (await response.json()) as SimClassState;
  return state.bookings.filter((booking) => booking.source === 'member');
}

/**
 * The admin URL of the stack's embedded PostgreSQL. The stack hands tests the Supabase API's URL,
 * not the database's, so it is read from the arguments of the database process serving that API
 * (`database-cli.ts --pg-port N --api-port M`). User and password are the fixed local-only ones of
 * dev/stack/embedded-postgres.ts.
 */
export function stackPostgresAdminUrl(): string {
  const apiPort = new URL(getTestStack().urls.supabase).port;
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!args.some((arg) => arg.endsWith('database-cli.ts'))) continue;
    if (args[args.indexOf('--api-port') + 1] !== apiPort) continue;
    const pgPort = args[args.indexOf('--pg-port') + 1];
    if (pgPort && /^\d+$/.test(pgPort)) return `postgres://postgres:prebooker-local@127.0.0.1:${pgPort}/postgres`;
  }
  throw new Error(`no database process serving the Supabase API on port ${apiPort} was found`);
}
