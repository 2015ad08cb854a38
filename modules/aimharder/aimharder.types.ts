import type { AimHarderHosts } from './aimharder-hosts';
import type { BookingOutcome, CancelOutcome } from './booking-outcome/booking-outcome';

export type BoxRef = { boxId: number; subdomain: string };

export interface AimHarderMembership {
  boxId: number;
  subdomain: string;
  name: string;
}

export interface AimHarderIdentity {
  userId: string;
  name: string;
  memberships: AimHarderMembership[];
}

export interface AimHarderClassSlot {
  /** The class-session id for that date: the `id` sent to `/api/book`. */
  id: string;
  /** YYYY-MM-DD, box-local. */
  day: string;
  /** HH:mm, box-local. */
  startTime: string;
  endTime: string;
  name: string;
  coach: string | null;
  capacity: number | null;
  bookedCount: number;
  waitlistCount: number;
  memberState: 'none' | 'booked' | 'waitlisted';
  /** Needed to cancel; null when the member holds nothing in this class. */
  reservationId: string | null;
}

export interface AimHarderNextBooking {
  reservationId: string;
  /** YYYY-MM-DD when AimHarder's long date label could be read. */
  day: string | null;
  /** HH:mm start. */
  time: string | null;
  className: string;
  /**
   * From `bookState`: 1 booked, 0 a waiting-list place (the front-end's reading, reference §3.4).
   * `unknown` when AimHarder sent neither, so a waitlist place is never shown as a confirmed booking.
   */
  state: 'booked' | 'waitlisted' | 'unknown';
}

export interface AimHarderLogger {
  info(message: string, data?: object): void;
  warn(message: string, data?: object): void;
  error(message: string, data?: object): void;
}

export interface AimHarderClientOptions {
  hosts: AimHarderHosts;
  /** Enables one automatic re-login + retry when AimHarder answers `{"logout":1}`. */
  credentials?: { email: string; password: string };
  /** A cookie jar serialized by `exportSession()`; an unreadable one is ignored (logged). */
  session?: string;
  /** Login device id; default `deriveFingerprint(credentials.email)`. */
  fingerprint?: string;
  /** Per call, including redirects and reading the body. Default 10 000. */
  timeoutMs?: number;
  /** Outbound HTTP(S) proxy (AimHarder blocks non-Spanish datacenter IPs). */
  proxyUrl?: string;
  /** Never receives passwords or cookies. */
  logger?: AimHarderLogger;
  /** After every successful (re-)login, so the caller can persist the session. */
  onSessionChanged?: (serializedSession: string) => void;
}

export interface BookOptions {
  /** Join the waitlist when the class is full (`insist=1`). */
  waitlist?: boolean;
  /**
   * Send the request now but hold back its last byte until this resolves: at the release only one
   * small write is left to do, whatever else the process is doing. The re-sent request after a
   * session re-login is not held (the instant has passed by then).
   */
  holdLastByteUntil?: Promise<unknown>;
}

export interface AimHarderClient {
  login(): Promise<AimHarderIdentity>;
  /** null when AimHarder says there is no session (`{"data":[]}`). */
  whoami(): Promise<AimHarderIdentity | null>;
  /** Checks the session with whoami; logs in again with the credentials if it is gone. */
  ensureSession(): Promise<void>;
  /** Opens (or refreshes) a pooled keep-alive connection to the box host. Never throws. */
  warmUp(box: BoxRef): Promise<void>;
  /** `day` is YYYY-MM-DD (YYYYMMDD accepted). */
  listClasses(box: BoxRef, day: string): Promise<AimHarderClassSlot[]>;
  /** Never throws for business or transport outcomes; see `BookingOutcome`. */
  book(box: BoxRef, day: string, classId: string, options?: BookOptions): Promise<BookingOutcome>;
  cancel(box: BoxRef, reservationId: string, options?: { late?: boolean }): Promise<CancelOutcome>;
  nextBookings(box: BoxRef): Promise<AimHarderNextBooking[]>;
  exportSession(): string;
}
