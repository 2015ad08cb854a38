import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '@/core/time/clock';
import { computeOpensAtMs, startForOpening, tooEarlyAnswer, windowReachDays } from './booking-window';
import type {
  BookingSource,
  BoxDefinition,
  ClassTypeDefinition,
  CreatedClass,
  LoginFailureStyle,
  SimClassState,
  SimClassStateEntry,
  SimSettings,
  TimetableSlot,
} from './sim-types';
import { DEFAULT_CLASS_TYPES, DEFAULT_TIMETABLE } from './demo-seed';
import { waitUntilServerTime } from './wait-until';
import {
  addDays,
  dayFromIndex,
  dayIndex,
  formatHourMinute,
  parseHourMinute,
  todayIn,
  weekdayOf,
  zonedParts,
  zonedWallTimeToEpoch,
} from './zoned-time';

/** Evenly spread over 150–1800 ms: twelve rivals fill a 12-place class within ~2 s of opening. */
export function spreadRivalOffsets(count: number): number[] {
  if (count <= 0) return [];
  if (count === 1) return [150];
  return Array.from({ length: count }, (_, index) => Math.round(150 + (index * 1650) / (count - 1)));
}

export const DEFAULT_RIVAL_OFFSETS_MS: readonly number[] = spreadRivalOffsets(12);
export const DEFAULT_SESSION_LIFETIME_MS = 30 * 60_000;

export function defaultSettings(overrides: Partial<SimSettings> = {}): SimSettings {
  return {
    clockSkewMs: 0,
    clockDriftMsPerMinute: 0,
    latencyMs: [0, 0],
    inboundLatencyMs: [0, 0],
    errorRate: 0,
    timeoutRate: 0,
    timeoutHangMs: 120_000,
    faultEndpoints: 'all',
    failNextBookRequests: 0,
    rivals: { enabled: false, offsetsMs: [...DEFAULT_RIVAL_OFFSETS_MS] },
    sessionLifetimeMs: DEFAULT_SESSION_LIFETIME_MS,
    loginFailureStyle: 'info',
    loginMaxFailures: 5,
    loginLockoutMs: 15 * 60_000,
    prefillOpenClasses: true,
    boxNetwork: {},
    ...overrides,
  };
}

/** A bad control-API input detected past schema validation (unknown box, duplicate email…). */
export class SimInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'SimInputError';
  }
}

export interface SimBox extends BoxDefinition {
  typesByName: Map<string, ClassTypeDefinition>;
  /** Materialized days (YYYYMMDD → classes sorted by start). */
  days: Map<string, SimClass[]>;
  centreUrl: string;
  /** Which block of the 7-digit class-id space this box's timetable ids take (see generatedClassId). */
  idBlock: number;
}

export interface SimMember {
  id: number;
  userId: string;
  email: string;
  password: string;
  name: string;
  boxes: Set<number>;
  noCredit: boolean;
  paymentPending: boolean;
  /** Class types the plan covers; null = every type of the box. */
  planClassTypes: string[] | null;
  loginFailureStyle?: LoginFailureStyle;
  /** Booked or waitlisted, keyed by class id (one reservation per class). */
  active: Map<number, Reservation>;
  history: Reservation[];
}

export interface SimClass {
  id: number;
  box: SimBox;
  day: string;
  minuteOfDay: number;
  time: string;
  timeid: string;
  lengthMin: number;
  startsAtMs: number;
  endsAtMs: number;
  opensAtMs: number;
  type: ClassTypeDefinition;
  coachName: string;
  capacity: number;
  waitlistCapacity: number;
  popular: boolean;
  custom: boolean;
  explicitOpening: boolean;
  bookings: Reservation[];
  waitlist: Reservation[];
  rivals: number[] | null;
  rivalsArmed: boolean;
}

export interface Reservation {
  id: number;
  cls: SimClass;
  userId: string;
  member: SimMember | null;
  source: BookingSource;
  state: 'booked' | 'waitlisted' | 'cancelled';
  bookedAtMs: number;
  lateCancel: boolean;
  attended: boolean;
}

export interface SimSession {
  token: string;
  member: SimMember;
  createdAtMs: number;
  renewedAtMs: number;
  refreshToken: string;
  fingerprint: string;
}

export type BookAnswer =
  | { bookState: 1 | 0; reservation: Reservation }
  | { bookState: -1 | -2 | -5 | -7 | -12; errorMssg?: string; errorMssgLang?: string }
  | { bookState: -8; max: number };

export type LoginOutcome =
  | { kind: 'ok'; session: SimSession }
  | { kind: 'invalid'; style: LoginFailureStyle }
  | { kind: 'locked'; style: LoginFailureStyle };

export interface CreateMemberInput {
  email: string;
  password: string;
  name?: string;
  /** Subdomains or box ids; default: the demo box if present, otherwise every box. */
  boxes?: string[];
  /** Every booking answers -2 (no plan / no credit left). */
  noCredit?: boolean;
  /** Every booking answers -5 (outstanding payment). */
  paymentPending?: boolean;
  /** Plan covers only these class types (others answer -2 and list `included: 0`). */
  planClassTypes?: string[];
  loginFailureStyle?: LoginFailureStyle;
  /** Fixed AimHarder user id (default: the next free one from 320001). */
  userId?: number;
}

export interface CreateClassInput {
  /** Subdomain or box id. */
  box: string;
  day?: string;
  time?: string;
  /** Class type name; a name the box doesn't have becomes a new type. */
  name?: string;
  capacity?: number;
  lengthMin?: number;
  coachName?: string;
  waitlistCapacity?: number;
  /**
   * Booking opens at the first whole minute at or after now + opensInMs on the box's clock
   * (at or before it when opensInMs <= 0), or exactly then with `exactOpening`.
   */
  opensInMs: number;
  exactOpening?: boolean;
  /** Rivals for this class; absent = the settings' rivals if enabled, otherwise none. */
  rivals?: { count?: number; offsetsMs?: number[] };
}

export type CreateBoxInput = Pick<BoxDefinition, 'boxId' | 'subdomain' | 'rule'> & Partial<Omit<BoxDefinition, 'boxId' | 'subdomain' | 'rule'>>;

/**
 * Real AimHarder class-session ids are 6–7 digits (e.g. 646157; aimharder-api.md §3.3), and the
 * app must never rely on anything longer. Timetable ids are 7 digits that still survive restarts
 * (a prebooking stored yesterday names the same class today): each box owns one block of
 * ID_BLOCK_SIZE ids, and inside it a class sits at (day·1440 + start minute) modulo the block size.
 * The block is larger than the window of days ever materialized (MATERIALIZE_PAST_DAYS before
 * today to MATERIALIZE_FUTURE_DAYS after, in minutes), so an id names one class of that window and
 * can be read back (classById). Ids repeat only for classes more than ~91 days apart. Classes made
 * through the control API take 6-digit ids, so the two kinds never meet.
 */
const GENERATED_ID_BASE = 1_000_000;
const ID_BLOCK_SIZE = 131_072;
const ID_BLOCKS = Math.floor((10_000_000 - GENERATED_ID_BASE) / ID_BLOCK_SIZE);
const MATERIALIZE_PAST_DAYS = 30;
const MATERIALIZE_FUTURE_DAYS = 60;
const RIVAL_HORIZON_MS = 90_000;
const HISTORY_ROWS = 30;

/** The timetable id of a box's class starting at `minuteOfDay` on `day` (YYYYMMDD). */
export function generatedClassId(idBlock: number, day: string, minuteOfDay: number): number {
  return GENERATED_ID_BASE + idBlock * ID_BLOCK_SIZE + ((dayIndex(day) * 1440 + minuteOfDay) % ID_BLOCK_SIZE);
}

/** A box prefers the block its id hashes to, so a box keeps its ids whatever others exist. */
function preferredIdBlock(boxId: number): number {
  return hash32(boxId) % ID_BLOCKS;
}

function hash32(value: number): number {
  let h = (value % 4_294_967_296 >>> 0) ^ Math.floor(value / 4_294_967_296);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class SimState {
  readonly settings: SimSettings;
  private readonly boxesById = new Map<number, SimBox>();
  private readonly boxesBySubdomain = new Map<string, SimBox>();
  private readonly classesById = new Map<number, SimClass>();
  private readonly reservations = new Map<number, Reservation>();
  private readonly membersByEmail = new Map<string, SimMember>();
  private readonly membersById = new Map<number, SimMember>();
  private readonly sessions = new Map<string, SimSession>();
  private readonly loginAttempts = new Map<string, { failures: number; firstFailureAtMs: number; lockedUntilMs: number }>();
  private nextReservationId = randomInt(100_000_000, 600_000_000);
  // 6 digits, below the 7-digit timetable ids (see generatedClassId).
  private nextCustomClassId = randomInt(100_000, 800_000);
  private nextMemberId = 320_001;
  private readonly lifetime = new AbortController();
  private driftAnchorMs = 0;
  private readonly boxDriftAnchorsMs = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    settings: SimSettings,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.settings = settings;
  }

  /**
   * The box's clock: the injected clock plus the configured skew and the drift accumulated since it
   * was set; a box with its own clock (`boxNetwork`) uses its own, any other the global one.
   */
  serverNow(subdomain?: string): number {
    return this.clock.now() + this.currentSkewMs(subdomain);
  }

  /** How far the box's clock is ahead of the injected clock right now. */
  currentSkewMs(subdomain?: string): number {
    const own = subdomain === undefined ? undefined : this.settings.boxNetwork[subdomain];
    const skew = own?.clockSkewMs ?? this.settings.clockSkewMs;
    const drift = own?.clockDriftMsPerMinute ?? this.settings.clockDriftMsPerMinute;
    if (drift === 0) return skew;
    const anchor = own?.clockSkewMs !== undefined || own?.clockDriftMsPerMinute !== undefined ? (this.boxDriftAnchorsMs.get(subdomain!) ?? this.driftAnchorMs) : this.driftAnchorMs;
    return skew + (drift * (this.clock.now() - anchor)) / 60_000;
  }

  /** The network latencies a request to this box (or a fleet-wide host) sees. */
  latenciesFor(subdomain?: string): { latencyMs: [number, number]; inboundLatencyMs: [number, number] } {
    const own = subdomain === undefined ? undefined : this.settings.boxNetwork[subdomain];
    return { latencyMs: own?.latencyMs ?? this.settings.latencyMs, inboundLatencyMs: own?.inboundLatencyMs ?? this.settings.inboundLatencyMs };
  }

  /** The drift restarts from zero whenever it (or the skew) is set, so a run's drift is measured from its start. */
  restartDrift(subdomain?: string): void {
    if (subdomain === undefined) this.driftAnchorMs = this.clock.now();
    else this.boxDriftAnchorsMs.set(subdomain, this.clock.now());
  }

  stop(): void {
    this.lifetime.abort();
  }

  // ── boxes ────────────────────────────────────────────────────────────────────────────────

  addBox(input: CreateBoxInput): SimBox {
    if (this.boxesById.has(input.boxId)) throw new SimInputError('boxId', `box id ${input.boxId} already exists`, 409);
    if (this.boxesBySubdomain.has(input.subdomain)) throw new SimInputError('subdomain', `subdomain ${input.subdomain} already exists`, 409);
    // Without its own class types a box gets the demo box's types and timetable.
    const classTypes = (input.classTypes ?? DEFAULT_CLASS_TYPES).map((type) => ({ ...type }));
    const timetable = input.timetable ?? (input.classTypes ? { weekday: [], saturday: [], sunday: [] } : DEFAULT_TIMETABLE);
    const typesByName = new Map(classTypes.map((type) => [type.name, type]));
    for (const [list, slots] of Object.entries(timetable) as [string, TimetableSlot[]][]) {
      for (const [index, slot] of slots.entries()) {
        if (!typesByName.has(slot.type)) throw new SimInputError(`timetable.${list}.${index}.type`, `unknown class type ${slot.type}`);
        if (parseHourMinute(slot.time) === undefined) throw new SimInputError(`timetable.${list}.${index}.time`, `not HH:MM: ${slot.time}`);
      }
    }
    const taken = new Set([...this.boxesById.values()].map((other) => other.idBlock));
    if (taken.size >= ID_BLOCKS) throw new SimInputError('boxId', `the simulator holds at most ${ID_BLOCKS} boxes`, 409);
    let idBlock = preferredIdBlock(input.boxId);
    while (taken.has(idBlock)) idBlock = (idBlock + 1) % ID_BLOCKS;
    const box: SimBox = {
      boxId: input.boxId,
      subdomain: input.subdomain,
      name: input.name ?? input.subdomain,
      address: input.address ?? 'C/ Simulada 1, 28001 Madrid',
      timeZone: input.timeZone ?? 'Europe/Madrid',
      rule: { ...input.rule },
      minNoticeMinutes: input.minNoticeMinutes ?? 15,
      lateCancelMinutes: input.lateCancelMinutes ?? 90,
      maxPerDayPerType: input.maxPerDayPerType ?? 0,
      waitlistCapacity: input.waitlistCapacity ?? 5,
      waitlistWithoutInsist: input.waitlistWithoutInsist ?? false,
      classTypes,
      timetable,
      typesByName,
      days: new Map(),
      centreUrl: `${input.subdomain}.aimharder.com`,
      idBlock,
    };
    this.boxesById.set(box.boxId, box);
    this.boxesBySubdomain.set(box.subdomain, box);
    return box;
  }

  boxes(): SimBox[] {
    return [...this.boxesById.values()];
  }

  boxBySubdomain(subdomain: string): SimBox | undefined {
    return this.boxesBySubdomain.get(subdomain);
  }

  /** A subdomain or a numeric box id. */
  findBox(ref: string | number): SimBox | undefined {
    if (typeof ref === 'number') return this.boxesById.get(ref);
    return this.boxesBySubdomain.get(ref) ?? (/^\d+$/.test(ref) ? this.boxesById.get(Number(ref)) : undefined);
  }

  // ── members and sessions ─────────────────────────────────────────────────────────────────

  addMember(input: CreateMemberInput): SimMember {
    const email = input.email.trim().toLowerCase();
    if (this.membersByEmail.has(email)) throw new SimInputError('email', `a member with email ${email} already exists`, 409);
    if (input.userId !== undefined && this.membersById.has(input.userId)) throw new SimInputError('userId', `user id ${input.userId} is taken`, 409);
    const boxRefs = input.boxes ?? (this.boxesBySubdomain.has('demobox') ? ['demobox'] : this.boxes().map((box) => box.subdomain));
    const boxes = new Set<number>();
    for (const [index, ref] of boxRefs.entries()) {
      const box = this.findBox(ref);
      if (!box) throw new SimInputError(`boxes.${index}`, `unknown box ${ref}`);
      boxes.add(box.boxId);
    }
    let id = input.userId;
    if (id === undefined) {
      while (this.membersById.has(this.nextMemberId)) this.nextMemberId += 1;
      id = this.nextMemberId++;
    }
    const member: SimMember = {
      id,
      userId: String(id),
      email,
      password: input.password,
      name: input.name ?? email.split('@')[0] ?? email,
      boxes,
      noCredit: input.noCredit ?? false,
      paymentPending: input.paymentPending ?? false,
      planClassTypes: input.planClassTypes ?? null,
      loginFailureStyle: input.loginFailureStyle,
      active: new Map(),
      history: [],
    };
    this.membersByEmail.set(email, member);
    this.membersById.set(id, member);
    return member;
  }

  /** The member changed their password or plan in the AimHarder app; their sessions stay (as in the app). */
  updateMember(email: string, patch: { password?: string; noCredit?: boolean }): SimMember {
    const member = this.memberByEmail(email);
    if (!member) throw new SimInputError('email', `no member with email ${email}`, 404);
    if (patch.password !== undefined) member.password = patch.password;
    if (patch.noCredit !== undefined) member.noCredit = patch.noCredit;
    return member;
  }

  memberById(id: number): SimMember | undefined {
    return this.membersById.get(id);
  }

  memberByEmail(email: string): SimMember | undefined {
    return this.membersByEmail.get(email.trim().toLowerCase());
  }

  login(username: string, password: string, fingerprint: string, now: number): LoginOutcome {
    const key = username.trim().toLowerCase();
    const member = this.membersByEmail.get(key);
    const style = member?.loginFailureStyle ?? this.settings.loginFailureStyle;
    const attempts = this.loginAttempts.get(key);
    if (attempts && attempts.lockedUntilMs > now) return { kind: 'locked', style };
    if (!member || member.password !== password) {
      const current =
        attempts && now - attempts.firstFailureAtMs < this.settings.loginLockoutMs ? attempts : { failures: 0, firstFailureAtMs: now, lockedUntilMs: 0 };
      current.failures += 1;
      if (current.failures >= this.settings.loginMaxFailures) {
        current.lockedUntilMs = now + this.settings.loginLockoutMs;
        current.failures = 0;
        current.firstFailureAtMs = now;
      }
      this.loginAttempts.set(key, current);
      return { kind: 'invalid', style };
    }
    this.loginAttempts.delete(key);
    const session: SimSession = {
      token: randomBytes(24).toString('hex'),
      member,
      createdAtMs: now,
      renewedAtMs: now,
      refreshToken: this.newRefreshToken(member, now),
      fingerprint,
    };
    this.sessions.set(session.token, session);
    return { kind: 'ok', session };
  }

  private newRefreshToken(member: SimMember, now: number): string {
    // <userId>|<unix expiry ~3 months ahead>|<32 hex>, as observed by kappys1.
    return `${member.id}|${Math.floor(now / 1000) + 90 * 86_400}|${randomBytes(16).toString('hex')}`;
  }

  /** The live session for a cookie value; expiry follows the *current* lifetime setting. */
  sessionFor(token: string | undefined, now: number): SimSession | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (now - session.renewedAtMs >= this.settings.sessionLifetimeMs) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  /** `/api/tokenUpdate`: the session's current refresh token buys a new one and a fresh lifetime. */
  refreshSession(session: SimSession, token: string, now: number): string | undefined {
    if (token !== session.refreshToken) return undefined;
    session.refreshToken = this.newRefreshToken(session.member, now);
    session.renewedAtMs = now;
    return session.refreshToken;
  }

  /** AimHarder's logout "expires all sessions" of the account (kappys1). */
  logoutMember(member: SimMember): void {
    for (const [token, session] of this.sessions) if (session.member === member) this.sessions.delete(token);
  }

  expireSessions(filter: { userId?: string; email?: string } = {}): number {
    let expired = 0;
    const email = filter.email?.trim().toLowerCase();
    for (const [token, session] of this.sessions) {
      if (filter.userId !== undefined && session.member.userId !== filter.userId) continue;
      if (email !== undefined && session.member.email !== email) continue;
      this.sessions.delete(token);
      expired += 1;
    }
    return expired;
  }

  // ── timetable ────────────────────────────────────────────────────────────────────────────

  /** The classes of one box-local day, generating the timetable the first time it is asked for. */
  ensureDay(box: SimBox, day: string, now = this.serverNow(box.subdomain)): SimClass[] {
    const existing = box.days.get(day);
    if (existing) return existing;
    const offset = dayIndex(day) - dayIndex(todayIn(now, box.timeZone));
    if (offset < -MATERIALIZE_PAST_DAYS || offset > MATERIALIZE_FUTURE_DAYS) return [];
    const weekday = weekdayOf(day);
    const slots = weekday === 0 ? box.timetable.sunday : weekday === 6 ? box.timetable.saturday : box.timetable.weekday;
    const classes: SimClass[] = [];
    for (const slot of slots) {
      const minuteOfDay = parseHourMinute(slot.time) ?? 0;
      const startsAtMs = zonedWallTimeToEpoch({ day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, box.timeZone);
      const cls = this.buildClass({
        id: generatedClassId(box.idBlock, day, minuteOfDay),
        box,
        day,
        minuteOfDay,
        lengthMin: slot.lengthMin,
        startsAtMs,
        opensAtMs: computeOpensAtMs(box.rule, day, minuteOfDay, startsAtMs, box.timeZone),
        type: box.typesByName.get(slot.type) ?? box.classTypes[0]!,
        coachName: slot.coach,
        capacity: slot.capacity,
        waitlistCapacity: box.waitlistCapacity,
        popular: slot.popular ?? false,
        custom: false,
        explicitOpening: false,
      });
      if (this.settings.prefillOpenClasses && now >= cls.opensAtMs) this.prefill(cls, now);
      classes.push(cls);
    }
    box.days.set(day, classes);
    return classes;
  }

  private buildClass(fields: Omit<SimClass, 'time' | 'timeid' | 'endsAtMs' | 'bookings' | 'waitlist' | 'rivals' | 'rivalsArmed'>): SimClass {
    const cls: SimClass = {
      ...fields,
      time: formatHourMinute(fields.minuteOfDay),
      timeid: `${formatHourMinute(fields.minuteOfDay).replace(':', '')}_${fields.lengthMin}`,
      endsAtMs: fields.startsAtMs + fields.lengthMin * 60_000,
      bookings: [],
      waitlist: [],
      rivals: null,
      rivalsArmed: false,
    };
    this.classesById.set(cls.id, cls);
    return cls;
  }

  /** Classes that were open before anyone looked have some places taken (0 … capacity − 4). */
  private prefill(cls: SimClass, now: number): void {
    const taken = cls.capacity > 4 ? hash32(cls.id) % (cls.capacity - 3) : 0;
    for (let index = 0; index < taken; index += 1) {
      this.takePlace(cls, { userId: `prefill-${index + 1}`, member: null, source: 'prefill' }, false, Math.min(now, cls.opensAtMs + (index + 1) * 60_000));
    }
  }

  timetableClassId(ref: string | number, day: string, time: string): number {
    const box = this.findBox(ref);
    const minuteOfDay = parseHourMinute(time);
    if (!box) throw new SimInputError('box', `unknown box ${ref}`, 404);
    if (minuteOfDay === undefined) throw new SimInputError('time', `not HH:MM: ${time}`);
    return generatedClassId(box.idBlock, day, minuteOfDay);
  }

  /** Any class by id, generating its day if the id is a timetable id of a day not yet generated. */
  classById(id: number): SimClass | undefined {
    const known = this.classesById.get(id);
    if (known || !Number.isSafeInteger(id) || id < GENERATED_ID_BASE || id >= GENERATED_ID_BASE + ID_BLOCKS * ID_BLOCK_SIZE) return known;
    const idBlock = Math.floor((id - GENERATED_ID_BASE) / ID_BLOCK_SIZE);
    const box = [...this.boxesById.values()].find((candidate) => candidate.idBlock === idBlock);
    if (!box) return undefined;
    // The one minute of the materialized window that the id's remainder names.
    const firstMinute = (dayIndex(todayIn(this.serverNow(), box.timeZone)) - MATERIALIZE_PAST_DAYS) * 1440;
    const remainder = (id - GENERATED_ID_BASE) % ID_BLOCK_SIZE;
    const minute = firstMinute + ((((remainder - firstMinute) % ID_BLOCK_SIZE) + ID_BLOCK_SIZE) % ID_BLOCK_SIZE);
    this.ensureDay(box, dayFromIndex(Math.floor(minute / 1440)));
    return this.classesById.get(id);
  }

  createClass(input: CreateClassInput): CreatedClass {
    const box = this.findBox(input.box);
    if (!box) throw new SimInputError('box', `unknown box ${input.box}`, 404);
    const now = this.serverNow(box.subdomain);
    const earliest = now + input.opensInMs;
    // Real openings derive from a class's HH:MM through the box's rule, so they fall on a whole
    // minute; aligning keeps `opensAt` equal to what any client computes from the rule. A fixed
    // daily rule, an explicit day+time or `exactOpening` make the class carry its own instant.
    const explicitOpening = input.exactOpening === true || box.rule.kind === 'fixed_time' || (input.day !== undefined && input.time !== undefined);
    // Whole milliseconds, so a client firing at the ISO `opensAt` is not a fraction of a ms early.
    // Aligned: the first whole minute at/after the target, or at/before it for a class that is
    // meant to be open already (opensInMs <= 0).
    const opensAtMs = explicitOpening
      ? Math.ceil(earliest)
      : (input.opensInMs > 0 ? Math.ceil(earliest / 60_000) : Math.floor(earliest / 60_000)) * 60_000;
    const natural = zonedParts(startForOpening(box.rule, opensAtMs, box.timeZone), box.timeZone);
    const day = input.day ?? natural.day;
    const minuteOfDay = input.time !== undefined ? (parseHourMinute(input.time) ?? 0) : natural.hour * 60 + natural.minute;
    const startsAtMs = zonedWallTimeToEpoch({ day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, box.timeZone);
    const typeName = input.name ?? box.classTypes[0]?.name ?? 'WOD';
    let type = box.typesByName.get(typeName);
    if (!type) {
      type = { id: 90_000 + box.classTypes.length, name: typeName, color: '99, 102, 241', description: typeName };
      box.classTypes.push(type);
      box.typesByName.set(typeName, type);
    }
    const classes = [...this.ensureDay(box, day, now)];
    const cls = this.buildClass({
      id: this.nextCustomClassId++,
      box,
      day,
      minuteOfDay,
      lengthMin: input.lengthMin ?? 60,
      startsAtMs,
      opensAtMs,
      type,
      coachName: input.coachName ?? 'Coach Sim',
      capacity: input.capacity ?? 12,
      waitlistCapacity: input.waitlistCapacity ?? box.waitlistCapacity,
      popular: true,
      custom: true,
      explicitOpening,
    });
    classes.push(cls);
    classes.sort((a, b) => a.minuteOfDay - b.minuteOfDay || a.id - b.id);
    box.days.set(day, classes);
    const offsets =
      input.rivals === undefined
        ? this.settings.rivals.enabled
          ? [...this.settings.rivals.offsetsMs]
          : []
        : (input.rivals.offsetsMs ?? spreadRivalOffsets(input.rivals.count ?? DEFAULT_RIVAL_OFFSETS_MS.length));
    if (offsets.length > 0) this.armRivals(cls, offsets);
    this.log(`class ${cls.id} created in ${box.subdomain} ${day} ${cls.time}, opens ${new Date(opensAtMs).toISOString()}${offsets.length ? `, ${offsets.length} rivals` : ''}`);
    return {
      id: String(cls.id),
      box: box.subdomain,
      day,
      time: cls.time,
      opensAt: new Date(opensAtMs).toISOString(),
      opensAtMs,
      startsAt: new Date(startsAtMs).toISOString(),
      startsAtMs,
    };
  }

  /**
   * The box moves a class to another start time the same day. Its opening follows the box's rule
   * from the new start (an explicit opening moves by the same amount); reservations stay.
   */
  moveClass(cls: SimClass, time: string): void {
    const minuteOfDay = parseHourMinute(time) ?? cls.minuteOfDay;
    const startsAtMs = zonedWallTimeToEpoch({ day: cls.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, cls.box.timeZone);
    const deltaMs = startsAtMs - cls.startsAtMs;
    cls.minuteOfDay = minuteOfDay;
    cls.time = formatHourMinute(minuteOfDay);
    cls.timeid = `${cls.time.replace(':', '')}_${cls.lengthMin}`;
    cls.startsAtMs = startsAtMs;
    cls.endsAtMs = startsAtMs + cls.lengthMin * 60_000;
    cls.opensAtMs += deltaMs;
    const classes = cls.box.days.get(cls.day);
    classes?.sort((a, b) => a.minuteOfDay - b.minuteOfDay || a.id - b.id);
    this.log(`class ${cls.id} moved to ${cls.day} ${cls.time}, opens ${new Date(cls.opensAtMs).toISOString()}`);
  }

  /** Test action: the class opens now (its opening becomes explicit). */
  openClassNow(cls: SimClass): void {
    cls.opensAtMs = Math.ceil(this.serverNow(cls.box.subdomain));
    cls.explicitOpening = true;
  }

  // ── booking ──────────────────────────────────────────────────────────────────────────────

  /** `/api/book`: the rules in the order AimHarder appears to apply them, window first. */
  book(member: SimMember, cls: SimClass, insist: boolean, now: number): BookAnswer {
    const box = cls.box;
    if (now < cls.opensAtMs) return { bookState: -12, ...tooEarlyAnswer(box.rule) };
    if (now >= cls.startsAtMs) return { bookState: -7, errorMssg: 'La clase ya ha comenzado' };
    if (now > cls.startsAtMs - box.minNoticeMinutes * 60_000) {
      return { bookState: -7, errorMssg: `No puedes reservar con menos de ${box.minNoticeMinutes} minutos de antelación` };
    }
    if (!member.boxes.has(box.boxId)) return { bookState: -2, errorMssg: 'No tienes ninguna tarifa en este centro' };
    let sameTypeThatDay = 0;
    for (const reservation of member.active.values()) {
      const other = reservation.cls;
      if (other.box !== box) continue;
      if (other.startsAtMs < cls.endsAtMs && cls.startsAtMs < other.endsAtMs) {
        return { bookState: -12, errorMssg: 'No puedes hacer más de una reserva a la misma hora', errorMssgLang: 'NOPUEDESRESERVAMISMAHORA' };
      }
      if (other.day === cls.day && other.type.name === cls.type.name) sameTypeThatDay += 1;
    }
    if (!this.planCovers(member, cls)) return { bookState: -2, errorMssg: 'No tienes ninguna tarifa que incluya esta clase' };
    if (member.paymentPending) return { bookState: -5, errorMssg: 'Tienes pagos pendientes' };
    if (box.maxPerDayPerType > 0 && sameTypeThatDay >= box.maxPerDayPerType) return { bookState: -8, max: box.maxPerDayPerType };
    return this.takePlace(cls, { userId: member.userId, member, source: 'member' }, insist, now);
  }

  planCovers(member: SimMember, cls: SimClass): boolean {
    if (member.noCredit) return false;
    return member.planClassTypes === null || member.planClassTypes.includes(cls.type.name);
  }

  contractedTypes(member: SimMember | undefined, box: SimBox): string {
    if (member?.noCredit) return '';
    return (member?.planClassTypes ?? box.classTypes.map((type) => type.name)).join(', ');
  }

  private takePlace(cls: SimClass, who: { userId: string; member: SimMember | null; source: BookingSource }, insist: boolean, now: number): BookAnswer {
    const full = cls.bookings.length >= cls.capacity;
    const queues = insist || (cls.box.waitlistWithoutInsist ?? false);
    if (full && (!queues || cls.waitlist.length >= cls.waitlistCapacity)) {
      return { bookState: -1, errorMssg: insist ? 'La lista de espera está llena' : 'La clase está llena' };
    }
    const reservation: Reservation = {
      id: this.nextReservationId++,
      cls,
      userId: who.userId,
      member: who.member,
      source: who.source,
      state: full ? 'waitlisted' : 'booked',
      bookedAtMs: now,
      lateCancel: false,
      attended: false,
    };
    (full ? cls.waitlist : cls.bookings).push(reservation);
    if (who.member) {
      who.member.active.set(cls.id, reservation);
      this.reservations.set(reservation.id, reservation);
    }
    return { bookState: full ? 0 : 1, reservation };
  }

  private bookAsRival(cls: SimClass, userId: string, now: number): void {
    if (now < cls.opensAtMs || now >= cls.startsAtMs) return;
    const answer = this.takePlace(cls, { userId, member: null, source: 'rival' }, false, now);
    if (answer.bookState !== 1) this.log(`rival ${userId} found class ${cls.id} full at +${(now - cls.opensAtMs).toFixed(1)} ms`);
  }

  /** `/api/cancelBook`: 1 cancelled, 2 late (resend with late=1), 3 not possible. */
  cancel(member: SimMember, reservationId: number, late: boolean, now: number): { cancelState: 1 | 2 | 3; reservation?: Reservation } {
    const reservation = this.reservations.get(reservationId);
    if (!reservation || reservation.member !== member || reservation.state === 'cancelled') return { cancelState: 3, reservation };
    const { cls } = reservation;
    if (now >= cls.startsAtMs) return { cancelState: 3, reservation };
    const isLate = reservation.state === 'booked' && cls.box.lateCancelMinutes > 0 && now > cls.startsAtMs - cls.box.lateCancelMinutes * 60_000;
    if (isLate && !late) return { cancelState: 2, reservation };
    const wasBooked = reservation.state === 'booked';
    const list = wasBooked ? cls.bookings : cls.waitlist;
    const index = list.indexOf(reservation);
    if (index >= 0) list.splice(index, 1);
    reservation.state = 'cancelled';
    reservation.lateCancel = isLate;
    member.active.delete(cls.id);
    if (isLate) member.history.push(reservation);
    if (wasBooked) {
      const promoted = cls.waitlist.shift();
      if (promoted) {
        promoted.state = 'booked';
        cls.bookings.push(promoted);
      }
    }
    return { cancelState: 1, reservation };
  }

  reservationById(id: number): Reservation | undefined {
    return this.reservations.get(id);
  }

  /** `/api/nextBookings`: upcoming reservations, and the box's history (attended, late-cancelled). */
  nextBookings(member: SimMember, box: SimBox, now: number): { next: Reservation[]; history: Reservation[] } {
    const next: Reservation[] = [];
    for (const reservation of [...member.active.values()]) {
      if (reservation.cls.box !== box) continue;
      if (reservation.cls.endsAtMs <= now) {
        member.active.delete(reservation.cls.id);
        if (reservation.state === 'booked') {
          reservation.attended = true;
          member.history.push(reservation);
        }
        continue;
      }
      next.push(reservation);
    }
    next.sort((a, b) => a.cls.startsAtMs - b.cls.startsAtMs);
    const history = member.history
      .filter((reservation) => reservation.cls.box === box)
      .sort((a, b) => b.cls.startsAtMs - a.cls.startsAtMs)
      .slice(0, HISTORY_ROWS);
    return { next, history };
  }

  classState(cls: SimClass): SimClassState {
    const entry = (reservation: Reservation): SimClassStateEntry => ({
      reservationId: String(reservation.id),
      userId: reservation.userId,
      source: reservation.source,
      bookedAtMs: reservation.bookedAtMs,
      offsetMs: reservation.bookedAtMs - cls.opensAtMs,
    });
    return {
      id: String(cls.id),
      box: cls.box.subdomain,
      boxId: cls.box.boxId,
      day: cls.day,
      time: cls.time,
      name: cls.type.name,
      coachName: cls.coachName,
      lengthMin: cls.lengthMin,
      capacity: cls.capacity,
      waitlistCapacity: cls.waitlistCapacity,
      ocupation: cls.bookings.length,
      opensAt: new Date(cls.opensAtMs).toISOString(),
      opensAtMs: cls.opensAtMs,
      startsAt: new Date(cls.startsAtMs).toISOString(),
      startsAtMs: cls.startsAtMs,
      custom: cls.custom,
      explicitOpening: cls.explicitOpening,
      rivals: cls.rivals ? { offsetsMs: [...cls.rivals] } : null,
      bookings: cls.bookings.map(entry),
      waitlist: cls.waitlist.map(entry),
    };
  }

  // ── rivals and housekeeping ──────────────────────────────────────────────────────────────

  private armRivals(cls: SimClass, offsetsMs: number[]): void {
    if (cls.rivalsArmed) return;
    cls.rivalsArmed = true;
    cls.rivals = [...offsetsMs].sort((a, b) => a - b);
    const ordered = cls.rivals;
    void (async () => {
      for (const [index, offset] of ordered.entries()) {
        // A getter: `openClassNow` may move the opening while rivals wait.
        const reached = await waitUntilServerTime(this.clock, () => this.currentSkewMs(cls.box.subdomain), () => cls.opensAtMs + offset, this.lifetime.signal);
        if (!reached) return;
        this.bookAsRival(cls, `rival-${index + 1}`, this.serverNow(cls.box.subdomain));
      }
    })();
  }

  /** Periodic: drops dead sessions and, when rivals are on, arms them for popular classes about to open. */
  tick(): void {
    const now = this.serverNow();
    for (const [token, session] of this.sessions) {
      if (now - session.renewedAtMs >= this.settings.sessionLifetimeMs) this.sessions.delete(token);
    }
    if (!this.settings.rivals.enabled || this.settings.rivals.offsetsMs.length === 0) return;
    for (const box of this.boxesById.values()) {
      const boxNow = this.serverNow(box.subdomain);
      const today = todayIn(boxNow, box.timeZone);
      for (let offset = 0; offset <= windowReachDays(box.rule) + 1; offset += 1) {
        for (const cls of this.ensureDay(box, addDays(today, offset), boxNow)) {
          if (!cls.popular || cls.custom || cls.rivalsArmed) continue;
          if (cls.opensAtMs > boxNow && cls.opensAtMs - boxNow <= RIVAL_HORIZON_MS) this.armRivals(cls, this.settings.rivals.offsetsMs);
        }
      }
    }
  }
}
