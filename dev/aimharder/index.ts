/**
 * AimHarder box simulator: the same HTTP as AimHarder (login, whoami, bookings, book, cancel,
 * nextBookings) on one port, plus a `/__sim/` control API for tests, benchmarks and demos.
 * See dev/aimharder/README.md.
 */
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '@/core/time/clock';
import type { SimHosts } from './aimharder-routes';
import { SimController, type BookForMemberResult, type BoxDescription } from './control-routes';
import type { SimSettingsPatch } from './control.schema';
import { SEED_BOXES, SEED_MEMBERS } from './demo-seed';
import { createSimServer } from './http-server';
import { RequestLog } from './request-log';
import { SimState, defaultSettings, type CreateBoxInput } from './sim-state';
import type { CreatedClass, SimClassState, SimRequestRecord, SimSettings } from './sim-types';

export { DEMO, DEMO_USER_IDS, DEMO_BOX, NORTE_BOX, SUR_BOX } from './demo-seed';
export { ControlError } from './control-routes';
export { DEFAULT_RIVAL_OFFSETS_MS, DEFAULT_SESSION_LIFETIME_MS } from './sim-state';
export type { BookForMemberResult, BoxDescription } from './control-routes';
export type { SimSettingsPatch } from './control.schema';
export type { SimHosts } from './aimharder-routes';
export type {
  BookingWindowRule,
  CreatedClass,
  LoginFailureStyle,
  SimClassState,
  SimClassStateEntry,
  SimEndpoint,
  SimRequestRecord,
  SimRequestResult,
  SimSettings,
} from './sim-types';

export interface SimulatorOptions {
  /** 0 = any free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The true time; the box's clock is this plus `clockSkewMs`. Default: systemClock. */
  clock?: Clock;
  /** Demo boxes and members (DEMO); default true. */
  seedDemo?: boolean;
  /** `/__sim/*`; default true (the CLI enables it only when NODE_ENV !== 'production'). */
  enableControlApi?: boolean;
  /** Default 30 min. */
  sessionLifetimeMs?: number;
  /** Initial settings (same keys as `configure`). */
  settings?: SimSettingsPatch;
  /** One line per AimHarder request and notable event; silent when absent. */
  logger?: (line: string) => void;
  /** Randomness for fault injection and latency; default Math.random. */
  random?: () => number;
}

export interface CreateClassOptions {
  /** Subdomain or box id. */
  box: string;
  /** YYYYMMDD, box-local. Default: the day the box's rule gives for the opening instant. */
  day?: string;
  /** HH:MM, box-local. Default: the opening's local time (rolling/fixed-days rules) or opening + N h. */
  time?: string;
  /** Class type; default the box's first type (WOD). */
  name?: string;
  /** Default 12. */
  capacity?: number;
  lengthMin?: number;
  coachName?: string;
  waitlistCapacity?: number;
  /**
   * Booking opens at the first whole minute at or after now + opensInMs on the box's clock, so
   * that the class's HH:MM minus the box's window is exactly `opensAt` (what clients compute).
   * The class then starts at opening + window. opensInMs <= 0: the whole minute at or before (open).
   */
  opensInMs: number;
  /**
   * Open at exactly now + opensInMs (ceil to the ms) instead. The class carries that instant, which
   * its HH:MM no longer implies. Also the case for fixed-time boxes and for an explicit day+time.
   */
  exactOpening?: boolean;
  /** Rivals booking at `opensAt + offset`; absent = the settings' rivals if enabled, else none. */
  rivals?: { count?: number; offsetsMs?: number[] };
}

export interface CreateMemberOptions {
  email: string;
  password: string;
  name?: string;
  /** Subdomains or box ids; default the demo box (every box when the demo isn't seeded). */
  boxes?: string[];
  noCredit?: boolean;
  paymentPending?: boolean;
  planClassTypes?: string[];
  loginFailureStyle?: 'info' | 'http401';
  userId?: number;
}

export interface RunningSimulator {
  url: string;
  hosts: SimHosts;
  stop(): Promise<void>;
  createClass(input: CreateClassOptions): CreatedClass;
  createMember(input: CreateMemberOptions): { userId: string };
  createBox(input: CreateBoxInput): BoxDescription;
  boxes(): BoxDescription[];
  classState(id: string): SimClassState;
  /** As if the member booked in the AimHarder app: same rules, recorded as a /api/book request. */
  bookForMember(input: { classId: string; email?: string; userId?: string; insist?: boolean }): BookForMemberResult;
  /** The class opens now (test action). */
  openClassNow(classId: string): void;
  requests(filter?: { classId?: string }): SimRequestRecord[];
  resetRequests(): void;
  configure(settings: SimSettingsPatch | Partial<SimSettings>): void;
  settings(): SimSettings;
  /** Ends sessions (all, or one member's) as if they had expired; returns how many. */
  expireSessions(filter?: { userId?: string; email?: string }): number;
  /** The box's clock (injected clock + skew). */
  now(): number;
  /** The id of a timetable class (box subdomain or id, YYYYMMDD, HH:MM), as /api/bookings lists it. */
  timetableClassId(box: string | number, day: string, time: string): number;
}

const TICK_MS = 15_000;

export async function startAimHarderSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const state = new SimState(
    clock,
    defaultSettings(options.sessionLifetimeMs !== undefined ? { sessionLifetimeMs: options.sessionLifetimeMs } : {}),
    logger,
  );
  const requestLog = new RequestLog();
  let hosts: SimHosts = { loginBaseUrl: '', mainBaseUrl: '', boxBaseUrlTemplate: '' };
  const controller = new SimController(state, requestLog, () => hosts);

  if (options.seedDemo ?? true) {
    for (const box of SEED_BOXES) state.addBox(structuredClone(box));
    for (const member of SEED_MEMBERS) {
      state.addMember({ email: member.email, password: member.password, name: member.name, boxes: member.boxes, userId: member.id });
    }
  }
  if (options.settings) controller.configure(options.settings);

  const { server, close } = createSimServer({
    state,
    controller,
    requestLog,
    hosts: () => hosts,
    enableControlApi: options.enableControlApi ?? true,
    random: options.random ?? Math.random,
    logger,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${publicHost}:${port}`;
  hosts = { loginBaseUrl: `${url}/login-host`, mainBaseUrl: `${url}/main`, boxBaseUrlTemplate: `${url}/box/{box}` };

  state.tick();
  const ticker = setInterval(() => state.tick(), TICK_MS);
  ticker.unref();

  let stopped: Promise<void> | undefined;
  return {
    url,
    hosts,
    stop: () => {
      stopped ??= (async () => {
        clearInterval(ticker);
        state.stop();
        await close();
      })();
      return stopped;
    },
    createClass: (input) => controller.createClass(input),
    createMember: (input) => ({ userId: controller.createMember(input).userId }),
    createBox: (input) => controller.createBox(input),
    boxes: () => controller.describeBoxes(),
    classState: (id) => controller.classState(id),
    bookForMember: (input) => controller.bookForMember(input),
    openClassNow: (classId) => {
      controller.configure({ openClassNow: classId });
    },
    requests: (filter) => controller.requests(filter),
    resetRequests: () => {
      controller.resetRequests();
    },
    configure: (settings) => {
      controller.configure(settings);
    },
    settings: () => controller.settings(),
    expireSessions: (filter) => controller.expireSessions(filter),
    now: () => state.serverNow(),
    timetableClassId: (box, day, time) => state.timetableClassId(box, day, time),
  };
}
