import { createDatabaseClient, type Database } from '../../core/database/admin-client';
import type { CreatedClass } from '../../dev/aimharder';
import { getTestStack } from './test-stack';

/** A signed-in member as a script would be: the session cookie from POST /api/auth/sign-in. */
export interface SignedInMember {
  id: string;
  email: string;
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export async function signIn(email: string, password: string): Promise<SignedInMember> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.app}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { member: { id: string } };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    id: body.member.id,
    email,
    cookie,
    fetch: (path, init = {}) =>
      fetch(`${urls.app}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }),
  };
}

let counter = 0;

/** A fresh simulator member of the demo box, signed in to Prebooker. */
/** A fresh simulator member of the demo box, signed in; `simOptions` are the simulator's member options (e.g. `noCredit`). */
export async function newSignedInMember(label = 'member', simOptions: Record<string, unknown> = {}): Promise<SignedInMember> {
  const { urls } = getTestStack();
  counter += 1;
  const email = `${label}-${Date.now().toString(36)}-${counter}@test.local`;
  const password = `pw-${counter}-secret`;
  const created = await fetch(`${urls.aimharder}/__sim/members`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: `Test ${label} ${counter}`, boxes: ['demobox'], ...simOptions }),
  });
  if (!created.ok) throw new Error(`simulator refused member ${email}: ${created.status} ${await created.text()}`);
  return signIn(email, password);
}

/** A class the simulator created, its `day` turned into the ISO date Prebooker's API takes. */
export type SimClass = CreatedClass;

export async function createSimClass(input: { opensInMs: number; capacity?: number; name?: string; rivals?: unknown }): Promise<SimClass> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/classes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ box: 'demobox', name: input.name ?? 'WOD test', capacity: input.capacity ?? 12, opensInMs: input.opensInMs, ...(input.rivals ? { rivals: input.rivals } : {}) }),
  });
  if (!response.ok) throw new Error(`simulator refused class: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as SimClass;
  // The simulator speaks AimHarder's YYYYMMDD; Prebooker's API takes ISO dates.
  return { ...created, day: created.day.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') };
}

export interface SimRequest {
  path: string;
  method: string;
  classId?: string;
  userId?: string;
  arrivedAtMs: number;
  /** When the headers of a request with a body arrived (a held request: before `arrivedAtMs`). */
  headersArrivedAtMs?: number;
  offsetMs?: number;
  result?: unknown;
  /** `control`: made through the control API (a rival, or the member "in AimHarder's app"). */
  via?: 'control';
}

export async function simRequests(classId: string): Promise<SimRequest[]> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/requests?classId=${encodeURIComponent(classId)}`);
  const body = (await response.json()) as { requests: SimRequest[] } | SimRequest[];
  return Array.isArray(body) ? body : body.requests;
}

export const bookRequests = (requests: SimRequest[]) => requests.filter((request) => request.path.endsWith('/api/book'));

export async function configureSim(settings: Record<string, unknown>): Promise<void> {
  const { urls } = getTestStack();
  const response = await fetch(`${urls.aimharder}/__sim/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`simulator refused settings: ${response.status} ${await response.text()}`);
}

export async function configureQStashFaults(faults: { deliveryJitterMs?: [number, number]; deliveryFailureRate?: number; retryTimeScale?: number }): Promise<void> {
  const { urls, env } = getTestStack();
  const response = await fetch(`${urls.qstash}/__dev/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env.QSTASH_TOKEN}` },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`dev/qstash refused faults: ${response.status} ${await response.text()}`);
}

let database: Database | undefined;
/** Direct database access (secret key) for asserting state and staging crash scenarios. */
export function testDatabase(): Database {
  const { urls, env } = getTestStack();
  database ??= createDatabaseClient(urls.supabase, env.SUPABASE_SECRET_KEY!);
  return database;
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface PrebookingJson {
  id: string;
  status: string;
  resultCode: string | null;
  resultMessage: string | null;
  reservationId: string | null;
  availableAt: string;
  fireAt: string;
  firedAt: string | null;
  fireOffsetMs: number | null;
  qstashMessageId: string | null;
  attemptCount: number;
}

export async function getPrebooking(member: SignedInMember, id: string): Promise<{ prebooking: PrebookingJson; events: Array<{ type: string; detail: Record<string, unknown> }> }> {
  const response = await member.fetch(`/api/prebookings/${id}`);
  if (!response.ok) throw new Error(`GET prebooking ${id}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { prebooking: PrebookingJson; events: Array<{ type: string; detail: Record<string, unknown> }> };
}

export async function waitForTerminal(member: SignedInMember, id: string, timeoutMs = 30_000): Promise<PrebookingJson> {
  return waitFor(
    async () => {
      const { prebooking } = await getPrebooking(member, id);
      return ['completed', 'failed', 'cancelled'].includes(prebooking.status) ? prebooking : null;
    },
    timeoutMs,
    `prebooking ${id} to end`,
  );
}

export async function createPrebookingFor(member: SignedInMember, simClass: SimClass, extra: Record<string, unknown> = {}): Promise<PrebookingJson> {
  const response = await member.fetch('/api/prebookings', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ boxId: 10122, day: simClass.day, classId: simClass.id, ...extra }),
  });
  const body = (await response.json()) as { kind: string; prebooking?: PrebookingJson };
  if (response.status !== 201 || body.kind !== 'prebooked' || !body.prebooking) {
    throw new Error(`prebooking not created: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.prebooking;
}
