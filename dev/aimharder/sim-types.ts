/** Shapes shared by the simulator's state, HTTP layer and control API. */

/** When a box opens a class for booking (AimHarder rules are per box). */
export type BookingWindowRule =
  /** Opens at the class's own local wall time N calendar days earlier ("4 días de antelación"). */
  | { kind: 'rolling_days'; days: number }
  /** Opens exactly N hours before the class starts. */
  | { kind: 'rolling_hours'; hours: number }
  /** Opens at a fixed local time (`HH:MM`) N days before the class day (e.g. 12:00, two days ahead). */
  | { kind: 'fixed_time'; time: string; daysAhead: number };

export interface ClassTypeDefinition {
  /** AimHarder class *type* id (`classId` in rows). */
  id: number;
  name: string;
  /** "r, g, b" */
  color: string;
  description: string;
}

export interface TimetableSlot {
  /** Box-local start, `HH:MM`. */
  time: string;
  lengthMin: number;
  /** A `ClassTypeDefinition.name` of the box. */
  type: string;
  coach: string;
  capacity: number;
  /** Popular classes are the ones rivals go for when rivals are enabled in the settings. */
  popular?: boolean;
}

export interface WeeklyTimetable {
  weekday: TimetableSlot[];
  saturday: TimetableSlot[];
  sunday: TimetableSlot[];
}

export interface BoxDefinition {
  boxId: number;
  subdomain: string;
  name: string;
  address: string;
  timeZone: string;
  rule: BookingWindowRule;
  /** Bookings close this many minutes before the class starts (bookState -7). */
  minNoticeMinutes: number;
  /** Cancelling a booked place later than this before the start asks for `late=1` (cancelState 2). */
  lateCancelMinutes: number;
  /** Per member, per day, per class type; 0 = unlimited (bookState -8 with `max`). */
  maxPerDayPerType: number;
  /** Places on each class's waiting list (`insist=1`). */
  waitlistCapacity: number;
  /**
   * A full class with room on its waiting list queues the member even with `insist=0`, answering
   * `bookState 0` (recorded from the real service: kiru22's capture of a "success" with 0, reference
   * §4.3). Off by default: most captured boxes answer -1 until `insist=1`.
   */
  waitlistWithoutInsist?: boolean;
  classTypes: ClassTypeDefinition[];
  timetable: WeeklyTimetable;
}

export type LoginFailureStyle =
  /** HTTP 200 without `data.auth.authOK`, the reason in a top-level `info`. */
  | 'info'
  /** HTTP 401 `{"error":{"code":401,"message":"LOGIN_ERROR_LOGIN"}}` (429 when locked out). */
  | 'http401';

export const SIM_ENDPOINTS = [
  'login',
  'whoami',
  'setrefresh',
  'tokenUpdate',
  'logout',
  'bookings',
  'book',
  'cancelBook',
  'nextBookings',
  'page',
  'unknown',
] as const;

/** What a recorded request was; also the unit `faultEndpoints` selects. */
export type SimEndpoint = (typeof SIM_ENDPOINTS)[number];

export interface RivalSettings {
  /** Rivals for popular timetable classes and for `createClass` calls that don't say otherwise. */
  enabled: boolean;
  /** Offsets after the opening instant at which each rival books (one rival per entry). */
  offsetsMs: number[];
}

/**
 * One box's own clock and network, over the global settings (each field absent = the global one):
 * a box's web server sends `Date`, and judges its bookings, by its own clock.
 */
export interface BoxNetworkSettings {
  clockSkewMs?: number;
  clockDriftMsPerMinute?: number;
  latencyMs?: [number, number];
  inboundLatencyMs?: [number, number];
}

export interface SimSettings {
  /** The box's clock is `clock.now() + clockSkewMs` (positive = AimHarder runs ahead). */
  clockSkewMs: number;
  /**
   * The box's clock drifts this many ms per minute from the moment it is set (positive = gains):
   * `serverNow = clock.now() + clockSkewMs + clockDriftMsPerMinute × minutes since it was set`.
   */
  clockDriftMsPerMinute: number;
  /** Extra delay before the response is written; the booking decision uses the arrival instant. */
  latencyMs: [number, number];
  /** Delay between arrival and the booking decision (a slow network on the way in). */
  inboundLatencyMs: [number, number];
  /** Probability that a request gets an nginx-style 503 without being processed. */
  errorRate: number;
  /** Probability that a request is never answered (held `timeoutHangMs`, then 504). */
  timeoutRate: number;
  timeoutHangMs: number;
  /** Endpoints the fault rates apply to. */
  faultEndpoints: 'all' | SimEndpoint[];
  /** The next N `/api/book` requests get a 503 without being processed (counts down). */
  failNextBookRequests: number;
  rivals: RivalSettings;
  sessionLifetimeMs: number;
  /** Default for members without their own `loginFailureStyle`. */
  loginFailureStyle: LoginFailureStyle;
  /** Wrong passwords in a row (per email) before "demasiadas veces". */
  loginMaxFailures: number;
  loginLockoutMs: number;
  /** Timetable classes that were already open when first generated get some places taken. */
  prefillOpenClasses: boolean;
  /** Per box (by subdomain): its own clock and network over the global ones (`PATCH /__sim/boxes/<box>/network`). */
  boxNetwork: Record<string, BoxNetworkSettings>;
}

export interface SimRequestResult {
  status: number;
  bookState?: number;
  cancelState?: number;
  errorMssgLang?: string;
  logout?: true;
  fault?: 'error' | 'timeout';
}

export interface SimRequestRecord {
  seq: number;
  method: string;
  /** Path without the query string, e.g. `/box/demobox/api/book`. */
  path: string;
  endpoint: SimEndpoint;
  /** Subdomain, for box endpoints. */
  box?: string;
  /** Class-session id (`/api/book`, and `/api/cancelBook` once the reservation is known). */
  classId?: string;
  reservationId?: string;
  userId?: string;
  /**
   * `performance.timeOrigin + performance.now()` when the request was complete: its headers, and
   * its body for endpoints that read one (a web server hands AimHarder's PHP a POST only then).
   */
  arrivedAtMs: number;
  /** When the headers of a request with a body arrived, if earlier than `arrivedAtMs`. */
  headersArrivedAtMs?: number;
  /** The box's clock (injected clock + skew) at arrival: what AimHarder judged the request by. */
  serverTimeMs: number;
  /** `serverTimeMs - opensAtMs` of the request's class. */
  offsetMs?: number;
  result?: SimRequestResult;
  /** Set for bookings made through `POST /__sim/bookings` (recorded as if sent to /api/book). */
  via?: 'control';
}

export type BookingSource = 'member' | 'rival' | 'prefill';

export interface SimClassStateEntry {
  reservationId: string;
  userId: string;
  source: BookingSource;
  /** The box's clock when the place was taken. */
  bookedAtMs: number;
  /** `bookedAtMs - opensAtMs`. */
  offsetMs: number;
}

export interface SimClassState {
  id: string;
  box: string;
  boxId: number;
  day: string;
  time: string;
  name: string;
  coachName: string;
  lengthMin: number;
  capacity: number;
  waitlistCapacity: number;
  ocupation: number;
  opensAt: string;
  opensAtMs: number;
  startsAt: string;
  startsAtMs: number;
  custom: boolean;
  /** True when the opening was set explicitly rather than derived from the box's rule. */
  explicitOpening: boolean;
  rivals: { offsetsMs: number[] } | null;
  bookings: SimClassStateEntry[];
  waitlist: SimClassStateEntry[];
}

export interface CreatedClass {
  id: string;
  box: string;
  day: string;
  time: string;
  opensAt: string;
  opensAtMs: number;
  startsAt: string;
  startsAtMs: number;
}
