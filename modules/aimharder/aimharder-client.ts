import type { z } from 'zod';
import { logger as coreLogger } from '@/core/logging/logger';
import { AimHarderCookieJar } from './aimharder-cookie-jar';
import { AimHarderLoginError, AimHarderResponseError, AimHarderSessionExpiredError, AimHarderTransportError } from './aimharder-errors';
import { deriveFingerprint } from './aimharder-fingerprint';
import { boxBaseUrl, isAimHarderUrl, trimBaseUrl } from './aimharder-hosts';
import { redactPayload, redactText } from './aimharder-redact';
import { sendHttp, sharedDispatcher, type HttpAnswer } from './aimharder-transport';
import {
  bookingsResponseSchema,
  bookResponseSchema,
  cancelResponseSchema,
  isLogoutAnswer,
  nextBookingsResponseSchema,
  whoamiSchema,
} from './aimharder.schema';
import type {
  AimHarderClassSlot,
  AimHarderClient,
  AimHarderClientOptions,
  AimHarderIdentity,
  AimHarderLogger,
  AimHarderNextBooking,
  BookOptions,
  BoxRef,
} from './aimharder.types';
import type { BookingOutcome, CancelOutcome } from './booking-outcome/booking-outcome';
import { readBookAnswer } from './booking-outcome/interpret-book-answer';
import { readCancelAnswer } from './booking-outcome/interpret-cancel-answer';
import { formatCalendarDay, parseCalendarDay } from './booking-window/zoned-wall-time';
import { toClassSlot } from './class-slots';
import { readLoginAnswer, toIdentity } from './login-response';
import { toNextBooking } from './next-bookings';

const DEFAULT_TIMEOUT_MS = 10_000;
/** setrefresh is a courtesy step; it must not hold a login for the full call timeout. */
const SETREFRESH_TIMEOUT_MS = 5_000;
// Most bots present a current desktop browser; AimHarder has flagged obvious bots (cruizbqa).
export const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';
// What the jQuery front-end sends (kiru22, kappys1).
const XHR_ACCEPT = 'application/json, text/javascript, */*; q=0.01';
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';

export function createAimHarderClient(options: AimHarderClientOptions): AimHarderClient {
  return new HttpAimHarderClient(options);
}

type Classified =
  | { kind: 'json'; json: unknown }
  | { kind: 'logout' }
  | { kind: 'transport'; error: AimHarderTransportError }
  | { kind: 'unreadable'; error: AimHarderResponseError };

interface SendRequest {
  endpoint: string;
  method: 'GET' | 'POST' | 'HEAD';
  url: string;
  referer: string;
  /** Browsers send Origin on POST, not on a same-origin GET. */
  origin?: string;
  body?: string;
  contentType?: string;
  maxRedirects?: number;
  timeoutMs?: number;
  holdLastByteUntil?: Promise<unknown>;
}

class HttpAimHarderClient implements AimHarderClient {
  private cookies: AimHarderCookieJar;
  private readonly fingerprint: string;
  private readonly timeoutMs: number;
  private readonly log: AimHarderLogger;
  private readonly dispatcher;
  private loginInFlight: Promise<AimHarderIdentity> | null = null;
  /** Bumped by every successful login, so a stale `{"logout":1}` does not trigger a second one. */
  private sessionGeneration = 0;
  private refreshToken: string | null = null;

  constructor(private readonly options: AimHarderClientOptions) {
    this.log = options.logger ?? coreLogger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fingerprint = options.fingerprint ?? deriveFingerprint(options.credentials?.email ?? '');
    this.dispatcher = sharedDispatcher(options.proxyUrl);
    this.cookies = AimHarderCookieJar.empty();
    if (options.session) {
      try {
        this.cookies = AimHarderCookieJar.restore(options.session);
      } catch (error) {
        this.log.warn('stored AimHarder session is unreadable; starting without one', { error: String(error) });
      }
    }
  }

  // ── session ──────────────────────────────────────────────────────────────────────────────

  login(): Promise<AimHarderIdentity> {
    // Concurrent callers share one login: two would race to overwrite each other's cookie.
    this.loginInFlight ??= this.performLogin().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  async whoami(): Promise<AimHarderIdentity | null> {
    const main = trimBaseUrl(this.options.hosts.mainBaseUrl);
    const answer = await this.send({ endpoint: 'whoami', method: 'GET', url: `${main}/api/whoami`, referer: `${main}/`, maxRedirects: 2 });
    const classified = this.classify('whoami', answer);
    if (classified.kind === 'logout') return null;
    if (classified.kind !== 'json') throw classified.error;
    const { data } = this.parseShape('whoami', whoamiSchema, classified.json, answer);
    const user = Array.isArray(data) ? data[0] : data;
    return user ? toIdentity(user) : null;
  }

  async ensureSession(): Promise<void> {
    let identity: AimHarderIdentity | null = null;
    try {
      identity = await this.whoami();
    } catch (error) {
      // whoami lives on the main host; if only it is failing, a login may still work.
      if (!(error instanceof AimHarderTransportError) || !this.options.credentials) throw error;
      this.log.warn('AimHarder whoami failed; signing in again', { error: error.message });
    }
    if (identity) return;
    if (!this.options.credentials) throw new AimHarderSessionExpiredError('No AimHarder session, and no credentials to sign in again.');
    await this.login();
  }

  exportSession(): string {
    return this.cookies.serialize();
  }

  // ── box ──────────────────────────────────────────────────────────────────────────────────

  async warmUp(box: BoxRef): Promise<void> {
    try {
      const base = boxBaseUrl(this.options.hosts, box.subdomain);
      // Any answer will do: the point is the pooled TCP+TLS connection the booking then reuses.
      // A small authenticated XHR the front-end makes anyway; not HEAD, after which undici closes
      // the socket (it distrusts servers that send a body to HEAD).
      const query = new URLSearchParams({ box: String(box.boxId), familyId: '' });
      const answer = await this.send({ endpoint: 'warmUp', method: 'GET', url: `${base}/api/nextBookings?${query}`, referer: `${base}/schedule?cl`, maxRedirects: 0 });
      this.log.info('AimHarder connection warmed', { boxId: box.boxId, status: answer.status, durationMs: round(answer.durationMs) });
    } catch (error) {
      this.log.warn('AimHarder warm-up failed', { boxId: box.boxId, error: errorText(error) });
    }
  }

  async listClasses(box: BoxRef, day: string): Promise<AimHarderClassSlot[]> {
    const { iso, key } = dayForms(day);
    return this.withRelogin(async () => {
      const base = boxBaseUrl(this.options.hosts, box.subdomain);
      const query = new URLSearchParams({ day: key, familyId: '', box: String(box.boxId), _: String(Date.now()) });
      const answer = await this.send({ endpoint: 'bookings', method: 'GET', url: `${base}/api/bookings?${query}`, referer: `${base}/schedule?cl`, maxRedirects: 2 });
      const classified = this.classify('bookings', answer);
      if (classified.kind === 'logout') throw new AimHarderSessionExpiredError('AimHarder answered {"logout":1} to the class list.');
      if (classified.kind !== 'json') throw classified.error;
      const parsed = this.parseShape('bookings', bookingsResponseSchema, classified.json, answer);
      if (parsed.resmsgs && parsed.resmsgs.length > 0) {
        // rudeayelo treats these as restrictions on the account; worth seeing, not fatal.
        this.log.warn('AimHarder class list carries restriction messages', { boxId: box.boxId, day: iso, count: parsed.resmsgs.length });
      }
      return parsed.bookings.map((row) => {
        const slot = toClassSlot(row, iso);
        if (!slot) throw this.shapeError('bookings', answer, `class ${row.id} has no readable time`);
        return slot;
      });
    });
  }

  async book(box: BoxRef, day: string, classId: string, options: BookOptions = {}): Promise<BookingOutcome> {
    const { key } = dayForms(day);
    if (!classId.trim()) throw new RangeError('classId is empty');
    const waitlist = options.waitlist === true;
    const generation = this.sessionGeneration;
    let outcome = await this.bookOnce(box, key, classId, waitlist, options.holdLastByteUntil);
    if (outcome.kind === 'session_expired' && this.options.credentials) {
      // `{"logout":1}` means the request was not processed, so a second one cannot double-book.
      try {
        if (generation === this.sessionGeneration) await this.login();
      } catch (error) {
        this.log.warn('AimHarder re-login before retrying the booking failed', { error: errorText(error) });
        return { kind: 'session_expired' };
      }
      outcome = await this.bookOnce(box, key, classId, waitlist);
    }
    return outcome;
  }

  async cancel(box: BoxRef, reservationId: string, options: { late?: boolean } = {}): Promise<CancelOutcome> {
    if (!reservationId.trim()) throw new RangeError('reservationId is empty');
    const late = options.late === true;
    const generation = this.sessionGeneration;
    let outcome = await this.cancelOnce(box, reservationId, late);
    if (outcome.kind === 'session_expired' && this.options.credentials) {
      try {
        if (generation === this.sessionGeneration) await this.login();
      } catch (error) {
        this.log.warn('AimHarder re-login before retrying the cancellation failed', { error: errorText(error) });
        return { kind: 'session_expired' };
      }
      outcome = await this.cancelOnce(box, reservationId, late);
    }
    return outcome;
  }

  async nextBookings(box: BoxRef): Promise<AimHarderNextBooking[]> {
    return this.withRelogin(async () => {
      const base = boxBaseUrl(this.options.hosts, box.subdomain);
      const query = new URLSearchParams({ box: String(box.boxId), familyId: '' });
      const answer = await this.send({ endpoint: 'nextBookings', method: 'GET', url: `${base}/api/nextBookings?${query}`, referer: `${base}/schedule?cl`, maxRedirects: 2 });
      const classified = this.classify('nextBookings', answer);
      if (classified.kind === 'logout') throw new AimHarderSessionExpiredError('AimHarder answered {"logout":1} to the bookings list.');
      if (classified.kind !== 'json') throw classified.error;
      const parsed = this.parseShape('nextBookings', nextBookingsResponseSchema, classified.json, answer);
      return (parsed.nextClasses ?? []).map(toNextBooking);
    });
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private async performLogin(): Promise<AimHarderIdentity> {
    const credentials = this.options.credentials;
    if (!credentials) throw new AimHarderLoginError('wrong_credentials', 'This AimHarder client has no credentials to sign in with.');
    const loginBase = trimBaseUrl(this.options.hosts.loginBaseUrl);
    // A stale cookie (or a re-scoped copy of one) must not be mistaken for the new session.
    this.cookies.clearAuth();
    let answer: HttpAnswer;
    try {
      answer = await this.send({
        endpoint: 'login',
        method: 'POST',
        url: `${loginBase}/api/login`,
        origin: new URL(loginBase).origin,
        referer: `${loginBase}/`,
        contentType: 'application/json',
        body: JSON.stringify({ username: credentials.email, password: credentials.password, fingerprint: this.fingerprint, iniframe: 0 }),
        // The cookie may arrive on a redirect hop (an unidentified repo's tests).
        maxRedirects: 3,
      });
    } catch (error) {
      throw new AimHarderLoginError('unreachable', `AimHarder login did not answer: ${errorText(error)}`, { cause: error });
    }
    const reading = readLoginAnswer(answer, this.cookies.hasAnyAuth());
    if (!reading.ok) {
      if (reading.unexpected) this.logPayload('login', answer, reading.detail);
      this.log.warn('AimHarder login failed', { reason: reading.reason, status: answer.status });
      // The detail quotes AimHarder's own text, which could echo what we sent.
      throw new AimHarderLoginError(reading.reason, `AimHarder login failed (${reading.reason}): ${redactText(reading.detail, this.secrets())}`);
    }
    this.sessionGeneration += 1;
    this.refreshToken = reading.refreshToken;
    if (reading.refreshToken) await this.setRefresh(reading.refreshToken);
    this.log.info('AimHarder login succeeded', { userId: reading.identity.userId, boxes: reading.identity.memberships.length, durationMs: round(answer.durationMs) });
    try {
      this.options.onSessionChanged?.(this.exportSession());
    } catch (error) {
      this.log.warn('onSessionChanged threw', { error: errorText(error) });
    }
    return reading.identity;
  }

  /**
   * What the web front-end does after login (an iframe to /setrefresh). Reference §2.3 disputes
   * whether box hosts need it; doing it is harmless and covers the bots that say they do.
   */
  private async setRefresh(token: string): Promise<void> {
    const main = trimBaseUrl(this.options.hosts.mainBaseUrl);
    const query = new URLSearchParams({ token, fingerprint: this.fingerprint });
    try {
      await this.send({
        endpoint: 'setrefresh',
        method: 'GET',
        url: `${main}/setrefresh?${query}`,
        referer: `${trimBaseUrl(this.options.hosts.loginBaseUrl)}/`,
        maxRedirects: 0,
        timeoutMs: Math.min(this.timeoutMs, SETREFRESH_TIMEOUT_MS),
      });
    } catch (error) {
      this.log.warn('AimHarder setrefresh failed (ignored)', { error: errorText(error) });
    }
  }

  /** Runs `attempt`; on an expired session, signs in again once (if possible) and runs it again. */
  private async withRelogin<T>(attempt: () => Promise<T>): Promise<T> {
    const generation = this.sessionGeneration;
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof AimHarderSessionExpiredError) || !this.options.credentials) throw error;
      this.log.info('AimHarder session expired; signing in again', {});
    }
    if (generation === this.sessionGeneration) await this.login();
    return attempt();
  }

  private async bookOnce(box: BoxRef, dayKey: string, classId: string, waitlist: boolean, holdLastByteUntil?: Promise<unknown>): Promise<BookingOutcome> {
    const base = boxBaseUrl(this.options.hosts, box.subdomain);
    const form = new URLSearchParams({ id: classId, day: dayKey, insist: waitlist ? '1' : '0', familyId: '' });
    let answer: HttpAnswer;
    try {
      answer = await this.send({
        endpoint: 'book',
        method: 'POST',
        url: `${base}/api/book`,
        origin: new URL(base).origin,
        referer: `${base}/schedule?cl`,
        contentType: FORM_CONTENT_TYPE,
        body: form.toString(),
        // A redirected booking POST is no answer at all: report it rather than follow it.
        maxRedirects: 0,
        holdLastByteUntil,
      });
    } catch (error) {
      return transportOutcome(error);
    }
    const outcome = await this.bookOutcomeOf(box, dayKey, classId, waitlist, answer);
    this.log.info('AimHarder book answered', { boxId: box.boxId, classId, outcome: outcome.kind, status: answer.status, durationMs: round(answer.durationMs) });
    return outcome;
  }

  private async bookOutcomeOf(box: BoxRef, dayKey: string, classId: string, waitlist: boolean, answer: HttpAnswer): Promise<BookingOutcome> {
    const classified = this.classify('book', answer);
    if (classified.kind === 'logout') return { kind: 'session_expired' };
    if (classified.kind === 'transport') return transportOutcome(classified.error);
    if (classified.kind === 'unreadable') {
      // A 4xx is AimHarder refusing the request itself; anything else may or may not have booked.
      return answer.status >= 400 && answer.status < 500
        ? { kind: 'not_allowed', message: `AimHarder rejected the request (HTTP ${answer.status}).` }
        : { kind: 'transport_error', detail: classified.error.message, status: answer.status };
    }
    const parsed = bookResponseSchema.safeParse(classified.json);
    if (!parsed.success) {
      this.logPayload('book', answer, summarizeIssues(parsed.error));
      return { kind: 'transport_error', detail: 'AimHarder answered the booking with a shape we do not understand.', status: answer.status };
    }
    const reading = readBookAnswer(parsed.data);
    if (reading.kind === 'outcome') return reading.outcome;
    if (reading.kind === 'unrecognised') {
      this.logPayload('book', answer, 'neither bookState nor errorMssg');
      return { kind: 'transport_error', detail: 'AimHarder answered the booking without a result.', status: answer.status };
    }
    if (reading.bookState === 1 && reading.reservationId) return { kind: 'booked', reservationId: reading.reservationId };
    if (reading.bookState === 0 && waitlist) return { kind: 'waitlisted', reservationId: reading.reservationId };
    return this.confirmAcceptance(box, dayKey, classId, reading.bookState, reading.reservationId);
  }

  /**
   * bookState 0 is "waitlisted" to the front-end but one bot captured it as a plain success
   * (reference §9.3), and we did not ask for the waitlist; bookState 1 may lack the reservation
   * id. The class list settles both, after the booking, so it costs nothing at the opening.
   */
  private async confirmAcceptance(box: BoxRef, dayKey: string, classId: string, bookState: 0 | 1, reservationId: string | null): Promise<BookingOutcome> {
    let slot: AimHarderClassSlot | undefined;
    try {
      slot = (await this.listClasses(box, dayKey)).find((candidate) => candidate.id === classId);
    } catch (error) {
      this.log.warn('could not confirm an AimHarder booking answer with the class list', { classId, error: errorText(error) });
    }
    const id = reservationId ?? slot?.reservationId ?? null;
    if (bookState === 1 || slot?.memberState === 'booked') return { kind: 'booked', reservationId: id ?? 'unknown' };
    return { kind: 'waitlisted', reservationId: id };
  }

  private async cancelOnce(box: BoxRef, reservationId: string, late: boolean): Promise<CancelOutcome> {
    const base = boxBaseUrl(this.options.hosts, box.subdomain);
    const form = new URLSearchParams({ id: reservationId, late: late ? '1' : '0', familyId: '' });
    let answer: HttpAnswer;
    try {
      answer = await this.send({
        endpoint: 'cancelBook',
        method: 'POST',
        url: `${base}/api/cancelBook`,
        origin: new URL(base).origin,
        referer: `${base}/schedule?cl`,
        contentType: FORM_CONTENT_TYPE,
        body: form.toString(),
        maxRedirects: 0,
      });
    } catch (error) {
      return transportOutcome(error);
    }
    const classified = this.classify('cancelBook', answer);
    let outcome: CancelOutcome;
    if (classified.kind === 'logout') outcome = { kind: 'session_expired' };
    else if (classified.kind === 'transport') outcome = transportOutcome(classified.error);
    else if (classified.kind === 'unreadable') {
      outcome =
        answer.status >= 400 && answer.status < 500
          ? { kind: 'not_allowed', message: `AimHarder rejected the request (HTTP ${answer.status}).` }
          : { kind: 'transport_error', detail: classified.error.message, status: answer.status };
    } else {
      const parsed = cancelResponseSchema.safeParse(classified.json);
      const read = parsed.success ? readCancelAnswer(parsed.data) : null;
      if (!read) this.logPayload('cancelBook', answer, parsed.success ? 'no cancelState' : summarizeIssues(parsed.error));
      outcome = read ?? { kind: 'transport_error', detail: 'AimHarder answered the cancellation with a shape we do not understand.', status: answer.status };
    }
    this.log.info('AimHarder cancelBook answered', { boxId: box.boxId, outcome: outcome.kind, status: answer.status, durationMs: round(answer.durationMs) });
    return outcome;
  }

  private send(request: SendRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: XHR_ACCEPT,
      'accept-language': 'es-ES,es;q=0.9,en;q=0.8',
      'x-requested-with': 'XMLHttpRequest',
      referer: request.referer,
    };
    if (request.origin) headers.origin = request.origin;
    if (request.contentType) headers['content-type'] = request.contentType;
    return sendHttp(
      {
        endpoint: request.endpoint,
        method: request.method,
        url: request.url,
        headers,
        body: request.body,
        maxRedirects: request.maxRedirects ?? 0,
        holdLastByteUntil: request.holdLastByteUntil,
      },
      {
        cookies: this.cookies,
        timeoutMs: request.timeoutMs ?? this.timeoutMs,
        dispatcher: this.dispatcher,
        // Only AimHarder's own hosts: a redirect elsewhere must not carry the member's session.
        beforeHop: (url) => {
          if (isAimHarderUrl(this.options.hosts, url)) this.cookies.scopeAuthTo(url);
        },
      },
    );
  }

  /** HTTP status and body → what kind of answer it is, before any endpoint-specific reading. */
  private classify(endpoint: string, answer: HttpAnswer): Classified {
    const { status } = answer;
    // rudeayelo maps 401 to an expired session; AimHarder itself prefers `{"logout":1}`.
    if (status === 401) return { kind: 'logout' };
    if (status === 403) {
      return transport(endpoint, 'HTTP 403: AimHarder refused the request (it blocks IPs outside Spain; configure a proxy)', status);
    }
    if (status === 408 || status === 429 || status >= 500) return transport(endpoint, `HTTP ${status}`, status);
    if (status < 200 || status >= 300) {
      this.logPayload(endpoint, answer, `HTTP ${status}`);
      return { kind: 'unreadable', error: new AimHarderResponseError(endpoint, status, `AimHarder ${endpoint} answered HTTP ${status}.`) };
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch {
      this.logPayload(endpoint, answer, 'not JSON');
      const what = /^\s*</.test(answer.body) ? 'an HTML page' : 'something that is not JSON';
      return { kind: 'unreadable', error: new AimHarderResponseError(endpoint, status, `AimHarder ${endpoint} answered with ${what} instead of JSON.`) };
    }
    if (isLogoutAnswer(json)) return { kind: 'logout' };
    return { kind: 'json', json };
  }

  private parseShape<S extends z.ZodType>(endpoint: string, schema: S, json: unknown, answer: HttpAnswer): z.infer<S> {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw this.shapeError(endpoint, answer, summarizeIssues(parsed.error));
  }

  private shapeError(endpoint: string, answer: HttpAnswer, problem: string): AimHarderResponseError {
    this.logPayload(endpoint, answer, problem);
    return new AimHarderResponseError(endpoint, answer.status, `AimHarder ${endpoint} answered with a shape we do not understand: ${problem}`);
  }

  private logPayload(endpoint: string, answer: HttpAnswer, problem: string): void {
    this.log.error('AimHarder answer not understood', { endpoint, status: answer.status, problem, payload: redactPayload(answer.body, this.secrets()) });
  }

  private secrets(): string[] {
    return [this.options.credentials?.password ?? '', this.fingerprint, this.refreshToken ?? '', ...this.cookies.authValues()];
  }
}

function dayForms(day: string): { iso: string; key: string } {
  const iso = formatCalendarDay(parseCalendarDay(day));
  return { iso, key: iso.replaceAll('-', '') };
}

function transport(endpoint: string, detail: string, status: number): Classified {
  return { kind: 'transport', error: new AimHarderTransportError(endpoint, `AimHarder ${endpoint}: ${detail}`, { status }) };
}

function transportOutcome(error: unknown): { kind: 'transport_error'; detail: string; status?: number } {
  if (error instanceof AimHarderTransportError) {
    return error.details.status === undefined ? { kind: 'transport_error', detail: error.message } : { kind: 'transport_error', detail: error.message, status: error.details.status };
  }
  return { kind: 'transport_error', detail: errorText(error) };
}

function summarizeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
