import type { z } from 'zod';
import { validationError, type ErrorBody } from '@/core/http/error-response';
import type { Reply, SimHosts } from './aimharder-routes';
import { describeRule } from './booking-window';
import {
  boxNetworkPatchSchema,
  bookForMemberSchema,
  classIdParam,
  createBoxSchema,
  createClassSchema,
  createMemberSchema,
  moveClassSchema,
  updateMemberSchema,
  settingsPatchSchema,
  type SimSettingsPatch,
} from './control.schema';
import type { RequestLog } from './request-log';
import { SimInputError, spreadRivalOffsets, type SimBox, type SimState } from './sim-state';
import type { BoxNetworkSettings, CreatedClass, SimClassState, SimRequestRecord, SimSettings } from './sim-types';

export interface BookForMemberResult {
  classId: string;
  userId: string;
  bookState: number;
  reservationId?: string;
  errorMssg?: string;
  errorMssgLang?: string;
  max?: number;
}

/** A control-API failure carrying the house JSON error shape; thrown in-process too. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error.message);
    this.name = 'ControlError';
  }
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const error = validationError(parsed.error);
    throw new ControlError(400, { error: { code: 'validation', message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
  }
  return parsed.data;
}

function fromInputError(error: unknown): never {
  if (error instanceof SimInputError) {
    const code = error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'validation';
    throw new ControlError(error.status, { error: { code, message: `${error.field}: ${error.message}`, fields: { [error.field]: [error.message] } } });
  }
  throw error;
}

export interface BoxDescription {
  boxId: number;
  subdomain: string;
  name: string;
  address: string;
  timeZone: string;
  rule: SimBox['rule'];
  ruleDescription: string;
  minNoticeMinutes: number;
  lateCancelMinutes: number;
  maxPerDayPerType: number;
  waitlistCapacity: number;
  classTypes: string[];
  baseUrl: string;
  centreUrl: string;
}

/** The operations behind `/__sim/`, shared by the HTTP routes and the in-process API. */
export class SimController {
  constructor(
    private readonly state: SimState,
    private readonly requestLog: RequestLog,
    private readonly hosts: () => SimHosts,
  ) {}

  createClass(input: unknown): CreatedClass {
    const parsed = parseInput(createClassSchema, input);
    try {
      return this.state.createClass(parsed);
    } catch (error) {
      return fromInputError(error);
    }
  }

  createMember(input: unknown): { userId: string; email: string; boxes: string[] } {
    const parsed = parseInput(createMemberSchema, input);
    try {
      const member = this.state.addMember(parsed);
      return { userId: member.userId, email: member.email, boxes: this.boxesOf(member.boxes) };
    } catch (error) {
      return fromInputError(error);
    }
  }

  updateMember(input: unknown): { userId: string; email: string } {
    const parsed = parseInput(updateMemberSchema, input);
    try {
      const member = this.state.updateMember(parsed.email, parsed);
      return { userId: member.userId, email: member.email };
    } catch (error) {
      return fromInputError(error);
    }
  }

  moveClass(id: unknown, input: unknown): SimClassState {
    const parsedId = parseInput(classIdParam, id);
    const parsed = parseInput(moveClassSchema, input);
    const cls = this.state.classById(Number(parsedId));
    if (!cls) throw new ControlError(404, { error: { code: 'not_found', message: `no class with id ${parsedId}` } });
    this.state.moveClass(cls, parsed.time);
    return this.state.classState(cls);
  }

  createBox(input: unknown): BoxDescription {
    const parsed = parseInput(createBoxSchema, input);
    try {
      return this.describeBox(this.state.addBox(parsed));
    } catch (error) {
      return fromInputError(error);
    }
  }

  classState(id: unknown): SimClassState {
    const parsed = parseInput(classIdParam, id);
    const cls = this.state.classById(Number(parsed));
    if (!cls) throw new ControlError(404, { error: { code: 'not_found', message: `no class with id ${parsed}` } });
    return this.state.classState(cls);
  }

  configure(patch: SimSettingsPatch | Partial<SimSettings>): SimSettings {
    const parsed = parseInput(settingsPatchSchema, patch);
    const settings = this.state.settings;
    const { rivals, openClassNow, ...rest } = parsed;
    const toOpen = openClassNow === undefined ? undefined : this.state.classById(Number(openClassNow));
    if (openClassNow !== undefined && !toOpen) {
      throw new ControlError(404, { error: { code: 'not_found', message: `openClassNow: no class with id ${openClassNow}`, fields: { openClassNow: ['unknown class'] } } });
    }
    if (toOpen) this.state.openClassNow(toOpen);
    Object.assign(settings, rest);
    if (rest.clockDriftMsPerMinute !== undefined || rest.clockSkewMs !== undefined) this.state.restartDrift();
    if (rivals) {
      settings.rivals = {
        enabled: rivals.enabled ?? settings.rivals.enabled,
        offsetsMs: rivals.offsetsMs ?? (rivals.count !== undefined ? spreadRivalOffsets(rivals.count) : settings.rivals.offsetsMs),
      };
    }
    this.state.tick();
    return this.settings();
  }

  /**
   * Books a class for a member as if they had done it in the AimHarder app (same rules as
   * /api/book), recorded in the request log like a /api/book request with `via: 'control'`.
   */
  bookForMember(input: unknown): BookForMemberResult {
    const arrivedAtMs = performance.timeOrigin + performance.now();
    const parsed = parseInput(bookForMemberSchema, input);
    const member = parsed.userId !== undefined ? this.state.memberById(Number(parsed.userId)) : this.state.memberByEmail(parsed.email ?? '');
    if (!member) throw new ControlError(404, { error: { code: 'not_found', message: 'no such member', fields: { [parsed.userId !== undefined ? 'userId' : 'email']: ['unknown member'] } } });
    const cls = this.state.classById(Number(parsed.classId));
    if (!cls) throw new ControlError(404, { error: { code: 'not_found', message: `no class with id ${parsed.classId}`, fields: { classId: ['unknown class'] } } });
    const serverTimeMs = this.state.serverNow(cls.box.subdomain);
    const answer = this.state.book(member, cls, parsed.insist ?? false, serverTimeMs);
    const reservationId = 'reservation' in answer ? String(answer.reservation.id) : undefined;
    const errorMssgLang = 'errorMssgLang' in answer ? answer.errorMssgLang : undefined;
    this.requestLog.add({
      method: 'POST',
      path: `/box/${cls.box.subdomain}/api/book`,
      endpoint: 'book',
      box: cls.box.subdomain,
      classId: String(cls.id),
      userId: member.userId,
      arrivedAtMs,
      serverTimeMs,
      offsetMs: serverTimeMs - cls.opensAtMs,
      result: { status: 200, bookState: answer.bookState, ...(errorMssgLang ? { errorMssgLang } : {}) },
      via: 'control',
    });
    return {
      classId: String(cls.id),
      userId: member.userId,
      bookState: answer.bookState,
      ...(reservationId ? { reservationId } : {}),
      ...('errorMssg' in answer && answer.errorMssg ? { errorMssg: answer.errorMssg } : {}),
      ...(errorMssgLang ? { errorMssgLang } : {}),
      ...('max' in answer ? { max: answer.max } : {}),
    };
  }

  settings(): SimSettings {
    return structuredClone(this.state.settings);
  }

  /** A box's own clock and network over the global ones (a real box's web server stamps `Date` by its own clock). */
  configureBoxNetwork(boxRef: string, patch: unknown): { box: string; network: BoxNetworkSettings } {
    const parsed = parseInput(boxNetworkPatchSchema, patch);
    const box = this.state.boxes().find((candidate) => candidate.subdomain === boxRef || String(candidate.boxId) === boxRef);
    if (!box) throw new ControlError(404, { error: { code: 'not_found', message: `no box ${boxRef}`, fields: { box: ['unknown box'] } } });
    const network: BoxNetworkSettings = { ...this.state.settings.boxNetwork[box.subdomain] };
    for (const key of ['clockSkewMs', 'clockDriftMsPerMinute', 'latencyMs', 'inboundLatencyMs'] as const) {
      const value = parsed[key];
      if (value === null) delete network[key];
      else if (value !== undefined) (network as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(network).length === 0) delete this.state.settings.boxNetwork[box.subdomain];
    else this.state.settings.boxNetwork[box.subdomain] = network;
    if (parsed.clockSkewMs !== undefined || parsed.clockDriftMsPerMinute !== undefined) this.state.restartDrift(box.subdomain);
    return { box: box.subdomain, network: structuredClone(network) };
  }

  requests(filter: { classId?: string } = {}): SimRequestRecord[] {
    return this.requestLog.list(filter);
  }

  resetRequests(): number {
    return this.requestLog.reset();
  }

  expireSessions(filter: { userId?: string; email?: string } = {}): number {
    return this.state.expireSessions(filter);
  }

  hostUrls(): SimHosts {
    return { ...this.hosts() };
  }

  describeBoxes(): BoxDescription[] {
    return this.state.boxes().map((box) => this.describeBox(box));
  }

  private describeBox(box: SimBox): BoxDescription {
    return {
      boxId: box.boxId,
      subdomain: box.subdomain,
      name: box.name,
      address: box.address,
      timeZone: box.timeZone,
      rule: { ...box.rule },
      ruleDescription: describeRule(box.rule),
      minNoticeMinutes: box.minNoticeMinutes,
      lateCancelMinutes: box.lateCancelMinutes,
      maxPerDayPerType: box.maxPerDayPerType,
      waitlistCapacity: box.waitlistCapacity,
      classTypes: box.classTypes.map((type) => type.name),
      baseUrl: this.hosts().boxBaseUrlTemplate.replace('{box}', box.subdomain),
      centreUrl: box.centreUrl,
    };
  }

  private boxesOf(ids: Set<number>): string[] {
    return this.state
      .boxes()
      .filter((box) => ids.has(box.boxId))
      .map((box) => box.subdomain);
  }
}

function notFound(method: string, path: string): Reply {
  return { status: 404, json: { error: { code: 'not_found', message: `no control endpoint ${method} ${path}` } } };
}

function methodNotAllowed(method: string, path: string, allowed: string): Reply {
  return { status: 405, headers: { allow: allowed }, json: { error: { code: 'method_not_allowed', message: `${method} ${path}: use ${allowed}` } } };
}

function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new ControlError(400, { error: { code: 'validation', message: 'The request body is not valid JSON.' } });
  }
}

/** `/__sim/*`. Every failure is a JSON error, never a thrown exception reaching the server. */
export function handleControlRequest(controller: SimController, method: string, path: string, query: URLSearchParams, body: string): Reply {
  try {
    return routeControl(controller, method, path, query, body);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, json: error.body };
    throw error;
  }
}

function routeControl(controller: SimController, method: string, path: string, query: URLSearchParams, body: string): Reply {
  const route = path.replace(/\/+$/, '');
  switch (route) {
    case '/__sim/health':
      return { status: 200, json: { ok: true } };
    case '/__sim/boxes':
      if (method === 'GET') return { status: 200, json: { hosts: controller.hostUrls(), boxes: controller.describeBoxes() } };
      if (method === 'POST') return { status: 201, json: controller.createBox(parseJsonBody(body)) };
      return methodNotAllowed(method, path, 'GET, POST');
    case '/__sim/classes':
      if (method === 'POST') return { status: 201, json: controller.createClass(parseJsonBody(body)) };
      return methodNotAllowed(method, path, 'POST');
    case '/__sim/bookings':
      if (method === 'POST') return { status: 200, json: controller.bookForMember(parseJsonBody(body)) };
      return methodNotAllowed(method, path, 'POST');
    case '/__sim/members':
      if (method === 'POST') return { status: 201, json: controller.createMember(parseJsonBody(body)) };
      if (method === 'PATCH') return { status: 200, json: controller.updateMember(parseJsonBody(body)) };
      return methodNotAllowed(method, path, 'POST, PATCH');
    case '/__sim/requests': {
      if (method === 'GET') {
        const classId = query.get('classId');
        return { status: 200, json: { requests: controller.requests(classId ? { classId } : {}) } };
      }
      if (method === 'DELETE') return { status: 200, json: { cleared: controller.resetRequests() } };
      return methodNotAllowed(method, path, 'GET, DELETE');
    }
    case '/__sim/settings':
      if (method === 'GET') return { status: 200, json: { settings: controller.settings() } };
      if (method === 'PATCH') return { status: 200, json: { settings: controller.configure(parseJsonBody(body) as SimSettingsPatch) } };
      return methodNotAllowed(method, path, 'GET, PATCH');
    case '/__sim/sessions': {
      if (method !== 'DELETE') return methodNotAllowed(method, path, 'DELETE');
      const userId = query.get('userId') ?? undefined;
      const email = query.get('email') ?? undefined;
      return { status: 200, json: { expired: controller.expireSessions({ userId, email }) } };
    }
    default:
      if (route.startsWith('/__sim/boxes/') && route.endsWith('/network')) {
        const boxRef = decodeURIComponent(route.slice('/__sim/boxes/'.length, -'/network'.length));
        if (method !== 'PATCH') return methodNotAllowed(method, path, 'PATCH');
        return { status: 200, json: controller.configureBoxNetwork(boxRef, parseJsonBody(body)) };
      }
      if (route.startsWith('/__sim/classes/')) {
        const classId = route.slice('/__sim/classes/'.length);
        if (method === 'PATCH') return { status: 200, json: controller.moveClass(classId, parseJsonBody(body)) };
        if (method !== 'GET') return methodNotAllowed(method, path, 'GET, PATCH');
        return { status: 200, json: controller.classState(classId) };
      }
      return notFound(method, path);
  }
}
