/**
 * What a benchmark needs from the running stack: the simulator's control API (members, classes,
 * settings, its request log with simulator timestamps) and the app's JSON API as a member uses it.
 */
import type { CreatedClass, SimClassState, SimRequestRecord } from '../../dev/aimharder';

export const DEMO_BOX = { subdomain: 'demobox', boxId: 10122 } as const;

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A class the simulator created, its `day` turned into the ISO date Prebooker's API takes. */
export type SimClass = CreatedClass;

/** One request as the simulator logged it (its own arrival stamps), and a class's bookings. */
export type { SimRequestRecord as SimRequest, SimClassState } from '../../dev/aimharder';

export interface CreateClassInput {
  opensInMs: number;
  capacity?: number;
  name?: string;
  rivals?: { count?: number; offsetsMs?: number[] };
  day?: string;
  time?: string;
  lengthMin?: number;
  exactOpening?: boolean;
}

export class SimControl {
  constructor(readonly baseUrl: string) {}

  private send(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async createMember(input: { email: string; password: string; name?: string; boxes?: string[] }): Promise<{ userId: string; email: string }> {
    return json(await this.send('POST', '/__sim/members', { boxes: [DEMO_BOX.subdomain], ...input }), `simulator member ${input.email}`);
  }

  async createClass(input: CreateClassInput): Promise<SimClass> {
    const created = await json<SimClass>(await this.send('POST', '/__sim/classes', { box: DEMO_BOX.subdomain, ...input }), 'simulator class');
    return { ...created, day: created.day.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') };
  }

  async classState(id: string): Promise<SimClassState> {
    return json(await this.send('GET', `/__sim/classes/${id}`), `simulator class ${id}`);
  }

  async requests(classId?: string): Promise<SimRequestRecord[]> {
    const query = classId ? `?classId=${encodeURIComponent(classId)}` : '';
    return (await json<{ requests: SimRequestRecord[] }>(await this.send('GET', `/__sim/requests${query}`), 'simulator requests')).requests;
  }

  async bookRequests(classId: string): Promise<SimRequestRecord[]> {
    return (await this.requests(classId)).filter((request) => request.endpoint === 'book' && request.via !== 'control');
  }

  async clearRequests(): Promise<void> {
    await json(await this.send('DELETE', '/__sim/requests'), 'clear simulator requests');
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    await json(await this.send('PATCH', '/__sim/settings', settings), 'simulator settings');
  }
}

/**
 * `count` simulator classes that open at the same instant (box clock). The first picks the
 * opening: the first whole minute at least `opensInMs` away, unless `openingBoxMs` is given; the
 * others aim 2 s before it, so the simulator rounds them up to the same minute. Throws if one
 * landed on another minute (a slow machine crossing a boundary): run again.
 */
export async function createClassesOpeningTogether(
  sim: SimControl,
  count: number,
  options: { opensInMs: number; openingBoxMs?: number; skewMs?: number; capacity: number; name: (index: number) => string; rivals?: CreateClassInput['rivals'] },
): Promise<SimClass[]> {
  const classes: SimClass[] = [];
  for (let index = 0; index < count; index += 1) {
    const target = options.openingBoxMs ?? classes[0]?.opensAtMs;
    const opensInMs = target === undefined ? options.opensInMs : target - (Date.now() + (options.skewMs ?? 0)) - 2_000;
    classes.push(await sim.createClass({ opensInMs, capacity: options.capacity, name: options.name(index), ...(options.rivals ? { rivals: options.rivals } : {}) }));
  }
  const opening = options.openingBoxMs ?? classes[0]?.opensAtMs;
  if (classes.some((cls) => cls.opensAtMs !== opening)) throw new Error('classes meant to open together landed on different minutes; run again');
  return classes;
}

export interface PrebookingDetail {
  prebooking: { id: string; status: string; resultCode: string | null; fireAt: string; availableAt: string };
  events: Array<{ type: string; detail: Record<string, unknown>; occurredAt: string }>;
}

export interface AppMember {
  id: string;
  email: string;
  password: string;
  simUserId: string;
  cookie: string;
}

export class AppClient {
  constructor(readonly baseUrl: string) {}

  fetch(member: Pick<AppMember, 'cookie'> | null, path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(member ? { cookie: member.cookie } : {}) },
    });
  }

  /** A fresh simulator member of the demo box, signed in to Prebooker (its AimHarder login included). */
  async newMember(sim: SimControl, label: string, index: number): Promise<AppMember> {
    const email = `${label}-${index}-${Date.now().toString(36)}@bench.local`;
    const password = `pw-${label}-${index}`;
    const { userId } = await sim.createMember({ email, password, name: `Bench ${label} ${index}` });
    const response = await fetch(`${this.baseUrl}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = await json<{ member: { id: string } }>(response, `sign-in of ${email}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { id: body.member.id, email, password, simUserId: userId, cookie };
  }

  async createPrebooking(member: AppMember, simClass: Pick<SimClass, 'id' | 'day'>): Promise<{ id: string; fireAt: string; availableAt: string; qstashMessageId: string | null }> {
    const response = await this.fetch(member, '/api/prebookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ boxId: DEMO_BOX.boxId, day: simClass.day, classId: simClass.id }),
    });
    const body = await json<{ kind: string; prebooking?: { id: string; fireAt: string; availableAt: string; qstashMessageId: string | null } }>(response, 'create prebooking');
    if (body.kind !== 'prebooked' || !body.prebooking) throw new Error(`expected a prebooking, got ${JSON.stringify(body).slice(0, 200)}`);
    return body.prebooking;
  }

  async prebookingDetail(member: AppMember, id: string): Promise<PrebookingDetail> {
    const body = await json<{ prebooking: PrebookingDetail['prebooking']; events: PrebookingDetail['events'] }>(await this.fetch(member, `/api/prebookings/${id}`), `prebooking ${id}`);
    return body;
  }
}

/** Milliseconds until the first whole minute at least `minLeadMs` from now (AimHarder opens classes on whole minutes). */
export function nextMinuteBoundary(minLeadMs: number, now = Date.now()): number {
  return Math.ceil((now + minLeadMs) / 60_000) * 60_000;
}
