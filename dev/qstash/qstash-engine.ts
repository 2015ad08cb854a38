import { parseCron } from './cron-schedule';
import { DueQueue, type NowSource } from './due-queue';
import { defaultBackoffMs, parseRetryAfter } from './duration-parser';
import { canonicalHeaderName } from './header-names';
import { DeliveryAbortedError, type DeliveryResponse, type HttpDeliverer } from './http-deliverer';
import { randomBase58, type JwtSigner } from './jwt-signer';
import type { MessageTemplate } from './publish-headers-parser';
import { matchesFilter, type FilterableRecord, type RecordFilter } from './query-filters';
import {
  fromPersistedDlq,
  fromPersistedEvent,
  fromPersistedMessage,
  fromPersistedSchedule,
  toPersistedDlq,
  toPersistedEvent,
  toPersistedMessage,
  toPersistedSchedule,
  type DlqRecord,
  type EventMessageInfo,
  type EventRecord,
  type EventState,
  type HeaderMap,
  type MessageRecord,
  type PersistedState,
  type ScheduleRecord,
  type ScheduleState,
} from './qstash-records';
import { parseRetryDelayExpression, type RetryDelayExpression } from './retry-delay-expression';
import type { LoadedState, StateJournal } from './state-journal';

/** Fault injection, all off by default; mutable at runtime through `setFaults` / `POST /__dev/faults`. */
export interface Faults {
  /** Extra latency before each attempt, uniform in [min, max] ms (cloud latency, cold starts). */
  deliveryJitterMs: [number, number];
  /** Fraction of attempts failed with a 500 without calling the destination. */
  deliveryFailureRate: number;
  /** Multiplies every retry wait, so retry/DLQ paths run in seconds. */
  retryTimeScale: number;
}

export interface QStashEngineOptions {
  clock: NowSource;
  random: () => number;
  logger: (line: string) => void;
  signer: JwtSigner;
  deliverer: HttpDeliverer;
  faults: Faults;
  maxEvents?: number;
  maxDlqEntries?: number;
  dedupWindowMs?: number;
  maxConcurrentDeliveries?: number;
}

/** A message to enqueue: its delivery settings, destination, body and first due instant. */
export interface NewMessage extends MessageTemplate {
  url: string;
  body: Buffer;
  notBefore: number;
  scheduleId?: string;
  callerIp?: string;
  origin?: 'callback' | 'failure-callback';
}

export interface ScheduleInput extends MessageTemplate {
  scheduleId: string;
  cron: string;
  destination: string;
  body?: Buffer;
  delaySec: number;
  callerIp?: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

type QueueItem = { kind: 'message' | 'schedule'; id: string; at: number };

const DEFAULT_MAX_EVENTS = 10_000;
const DEFAULT_MAX_DLQ_ENTRIES = 10_000;
/** QStash's current docs give a 10-minute deduplication window. */
const DEFAULT_DEDUP_WINDOW_MS = 10 * 60_000;
/**
 * QStash delivers every due message in parallel (only flow control caps it), and a destination may
 * keep a delivery open while it waits (a prebooking waits for its opening instant): this bound is
 * only a guard against unbounded memory, far above what one machine's tests and benchmarks use.
 */
const DEFAULT_MAX_CONCURRENT_DELIVERIES = 10_000;
/** How many attempts the pump starts per event-loop turn. */
const PUMP_STEP = 8;
/** QStash free-plan maximum response duration, used when Upstash-Timeout is absent. */
const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** node timers cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Events keep a message body only up to this size, to bound the log's memory. */
const EVENT_BODY_CAP_BYTES = 8 * 1024;
/** Schedules report the states of their most recent triggers, this many. */
const SCHEDULE_STATES_KEPT = 10;
const EMPTY = Buffer.alloc(0);

/**
 * The QStash state machine: pending messages on a precise due-time queue, delivery attempts
 * with signatures, retries and backoff, the DLQ, (failure) callbacks, schedules, deduplication
 * and the event log. It knows nothing about HTTP routing; every change is journaled when a
 * journal is attached.
 */
export class QStashEngine {
  readonly messages = new Map<string, MessageRecord>();
  readonly dlq = new Map<string, DlqRecord>();
  readonly schedules = new Map<string, ScheduleRecord>();
  private readonly dedup = new Map<string, { messageId: string; expiresAt: number }>();
  private events: EventRecord[] = [];
  private eventSeq = 0;
  private dlqSeq = 0;
  private lastDlqMs = -1;
  private dlqIdCounter = 0;
  /** Messages past their due instant: waiting out jitter, waiting for a slot, or being sent. */
  private readonly inFlight = new Set<string>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly queue: DueQueue<QueueItem>;
  private staleQueueEntries = 0;
  /** Due messages waiting for a delivery slot, oldest first (`readyHead` avoids O(n) shifts). */
  private ready: MessageRecord[] = [];
  private readyHead = 0;
  private pumpScheduled = false;
  private activeDeliveries = 0;
  private readonly jitterTimers = new Set<NodeJS.Timeout>();
  /** Signatures minted just before a message's due instant (see `presign`). */
  private readonly presigned = new Map<string, { attemptAt: number; signedAt: number; token: Promise<string> }>();
  private readonly expressions = new Map<string, RetryDelayExpression>();
  private readonly eventInfo = new WeakMap<MessageRecord, EventMessageInfo>();
  private journal: StateJournal | undefined;
  private stopped = false;
  private readonly maxEvents: number;
  private readonly maxDlqEntries: number;
  private readonly dedupWindowMs: number;
  private readonly maxConcurrentDeliveries: number;

  constructor(private readonly options: QStashEngineOptions) {
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.maxDlqEntries = options.maxDlqEntries ?? DEFAULT_MAX_DLQ_ENTRIES;
    this.dedupWindowMs = options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS;
    this.maxConcurrentDeliveries = options.maxConcurrentDeliveries ?? DEFAULT_MAX_CONCURRENT_DELIVERIES;
    this.queue = new DueQueue(options.clock, (items) => this.onDue(items), undefined, (item) => this.presign(item));
  }

  get faults(): Faults {
    return this.options.faults;
  }

  now(): number {
    return this.options.clock.now();
  }

  attachJournal(journal: StateJournal): void {
    this.journal = journal;
  }

  /** Resolves once every change so far is durable (immediately without a data file). */
  commit(): Promise<void> {
    return this.journal?.commit() ?? Promise.resolve();
  }

  // ─── publishing ────────────────────────────────────────────────────────────────────────────

  /**
   * Enqueues a message unless `dedupKey` was seen within the window, in which case the original
   * message id comes back with `deduplicated: true` and nothing is stored.
   */
  publish(input: NewMessage, dedupKey?: string): { messageId: string; deduplicated: boolean } {
    const now = this.now();
    if (dedupKey !== undefined) {
      this.pruneDedup(now);
      const seen = this.dedup.get(dedupKey);
      if (seen && seen.expiresAt > now) return { messageId: seen.messageId, deduplicated: true };
    }
    const message = this.enqueue(input, now);
    if (dedupKey !== undefined) {
      const expiresAt = now + this.dedupWindowMs;
      this.dedup.delete(dedupKey);
      this.dedup.set(dedupKey, { messageId: message.messageId, expiresAt });
      this.journal?.record({ t: 'dedup', entry: [dedupKey, message.messageId, expiresAt] });
    }
    return { messageId: message.messageId, deduplicated: false };
  }

  private enqueue(input: NewMessage, now: number): MessageRecord {
    const message: MessageRecord = {
      messageId: `msg_${randomBase58(32)}`,
      url: input.url,
      method: input.method,
      header: input.header,
      body: input.body,
      maxRetries: input.maxRetries,
      notBefore: input.notBefore,
      createdAt: now,
      retried: 0,
      nextAttemptAt: input.notBefore,
      ...definedOnly({
        retryDelayExpression: input.retryDelayExpression,
        timeoutMs: input.timeoutMs,
        callback: input.callback,
        failureCallback: input.failureCallback,
        labels: input.labels,
        redact: input.redact,
        scheduleId: input.scheduleId,
        callerIp: input.callerIp,
        origin: input.origin,
      }),
    };
    this.messages.set(message.messageId, message);
    this.journal?.record({ t: 'message', message: toPersistedMessage(message) });
    this.recordEvent('CREATED', message);
    this.queue.push(message.nextAttemptAt, { kind: 'message', id: message.messageId, at: message.nextAttemptAt });
    return message;
  }

  private pruneDedup(now: number): void {
    // One window for every key, so insertion order is expiry order.
    for (const [key, entry] of this.dedup) {
      if (entry.expiresAt > now) break;
      this.dedup.delete(key);
    }
  }

  // ─── messages API ──────────────────────────────────────────────────────────────────────────

  getMessage(messageId: string): MessageRecord | undefined {
    return this.messages.get(messageId);
  }

  /** False when the message is unknown or already delivered / failed. */
  cancelMessage(messageId: string): boolean {
    const message = this.messages.get(messageId);
    if (!message) return false;
    this.recordEvent('CANCEL_REQUESTED', message);
    this.removeMessage(message, !this.inFlight.has(messageId));
    this.recordEvent('CANCELLED', message);
    this.options.logger(`cancelled ${messageId} (${message.method} ${message.url})`);
    return true;
  }

  cancelMessages(filter: RecordFilter, limit: number): number {
    let cancelled = 0;
    for (const message of [...this.messages.values()]) {
      if (cancelled >= limit) break;
      if (matchesFilter(messageFilterFields(message), filter) && this.cancelMessage(message.messageId)) cancelled += 1;
    }
    return cancelled;
  }

  /** Pending messages, earliest due first. */
  listPending(limit: number): MessageRecord[] {
    return [...this.messages.values()].sort((a, b) => a.nextAttemptAt - b.nextAttemptAt).slice(0, limit);
  }

  private removeMessage(message: MessageRecord, leavesStaleQueueEntry: boolean): void {
    if (!this.messages.delete(message.messageId)) return;
    this.presigned.delete(message.messageId);
    this.journal?.record({ t: 'message-gone', id: message.messageId });
    if (leavesStaleQueueEntry) {
      this.staleQueueEntries += 1;
      if (this.staleQueueEntries > 1_000 && this.staleQueueEntries > this.queue.size / 2) {
        this.queue.rebuild((item) => this.isLive(item));
        this.staleQueueEntries = 0;
      }
    }
  }

  // ─── delivery ──────────────────────────────────────────────────────────────────────────────

  private isLive(item: QueueItem): boolean {
    if (item.kind === 'schedule') {
      const schedule = this.schedules.get(item.id);
      return schedule !== undefined && !schedule.isPaused && schedule.nextScheduleTime === item.at;
    }
    const message = this.messages.get(item.id);
    return message !== undefined && message.nextAttemptAt === item.at && !this.inFlight.has(item.id);
  }

  /**
   * Signing is an asynchronous WebCrypto round trip (~0.5 ms on a small VM); doing it in the few
   * milliseconds before the due instant takes it off the delivery's critical path. The token's
   * iat/nbf are the whole second of signing, which is never after the delivery, so it verifies.
   */
  private presign(item: QueueItem): void {
    if (item.kind !== 'message' || !this.isLive(item)) return;
    const message = this.messages.get(item.id)!;
    const token = this.options.signer.sign(message.url, message.body);
    token.catch(() => undefined);
    this.presigned.set(message.messageId, { attemptAt: message.nextAttemptAt, signedAt: Date.now(), token });
  }

  private signatureFor(message: MessageRecord): Promise<string> {
    const presigned = this.presigned.get(message.messageId);
    if (presigned) this.presigned.delete(message.messageId);
    // Jitter can push the send long after the pre-signing; tokens live 300 s, so stay well inside.
    if (presigned && presigned.attemptAt === message.nextAttemptAt && Date.now() - presigned.signedAt < 60_000) {
      return presigned.token;
    }
    return this.options.signer.sign(message.url, message.body);
  }

  private onDue(items: QueueItem[]): void {
    for (const item of items) {
      if (!this.isLive(item)) {
        if (item.kind === 'message') this.staleQueueEntries = Math.max(0, this.staleQueueEntries - 1);
        continue;
      }
      if (item.kind === 'schedule') this.fireSchedule(this.schedules.get(item.id)!, item.at);
      else this.makeReady(this.messages.get(item.id)!);
    }
    this.pump();
  }

  /** Jitter models network latency, so it is waited out before the message takes a delivery slot. */
  private makeReady(message: MessageRecord): void {
    this.inFlight.add(message.messageId);
    const [minJitter, maxJitter] = this.faults.deliveryJitterMs;
    const jitter = maxJitter > 0 ? minJitter + this.options.random() * (maxJitter - minJitter) : 0;
    if (jitter <= 0) {
      this.ready.push(message);
      return;
    }
    const timer = setTimeout(() => {
      this.jitterTimers.delete(timer);
      this.ready.push(message);
      this.pump();
    }, jitter);
    this.jitterTimers.add(timer);
  }

  /**
   * Starts waiting messages, a few per event-loop turn. Starting a whole burst at once would
   * make every attempt advance stage by stage together, so even the first request would leave
   * only after all 2,000 were signed; in small steps the first ones are on the wire at once while
   * the rest follow, and up to `maxConcurrentDeliveries` slow destinations still run in parallel.
   */
  private pump(): void {
    let started = 0;
    while (this.readyHead < this.ready.length && this.activeDeliveries < this.maxConcurrentDeliveries && !this.stopped) {
      if (started === PUMP_STEP) {
        this.schedulePump();
        return;
      }
      const message = this.ready[this.readyHead++]!;
      if (this.readyHead > 1_024 && this.readyHead * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.readyHead);
        this.readyHead = 0;
      }
      if (this.messages.get(message.messageId) !== message) {
        this.inFlight.delete(message.messageId); // cancelled while waiting
        continue;
      }
      this.startAttempt(message);
      started += 1;
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private startAttempt(message: MessageRecord): void {
    this.activeDeliveries += 1;
    const attempt = this.runAttempt(message)
      .catch((error: unknown) => {
        if (!(error instanceof DeliveryAbortedError)) {
          this.options.logger(`internal error delivering ${message.messageId}: ${(error as Error).stack ?? String(error)}`);
        }
      })
      .finally(() => {
        this.activeDeliveries -= 1;
        this.inFlight.delete(message.messageId);
        this.attempts.delete(attempt);
        if (this.readyHead < this.ready.length) this.schedulePump();
      });
    this.attempts.add(attempt);
  }

  private async runAttempt(message: MessageRecord): Promise<void> {
    const dueAt = message.nextAttemptAt;
    const startedAt = this.now();
    this.recordEvent('ACTIVE', message);
    let response: DeliveryResponse;
    if (this.faults.deliveryFailureRate > 0 && this.options.random() < this.faults.deliveryFailureRate) {
      response = {
        status: 500,
        headers: { 'Content-Type': ['text/plain'] },
        body: Buffer.from('dev/qstash injected failure (deliveryFailureRate)'),
        error: 'injected failure (deliveryFailureRate): the destination was not called',
      };
    } else {
      response = await this.send(message);
    }
    this.inFlight.delete(message.messageId);
    this.settle(message, response, startedAt - dueAt);
  }

  private async send(message: MessageRecord): Promise<DeliveryResponse> {
    try {
      const signature = await this.signatureFor(message);
      const headers: Record<string, string | string[]> = {};
      for (const [name, values] of Object.entries(message.header)) headers[name] = values.length === 1 ? values[0]! : values;
      headers['User-Agent'] = 'Upstash-QStash';
      headers['Upstash-Signature'] = signature;
      headers['Upstash-Message-Id'] = message.messageId;
      headers['Upstash-Retried'] = String(message.retried);
      if (message.scheduleId !== undefined) headers['Upstash-Schedule-Id'] = message.scheduleId;
      if (message.callerIp !== undefined) headers['Upstash-Caller-Ip'] = message.callerIp;
      return await this.options.deliverer.deliver({
        url: message.url,
        method: message.method,
        headers,
        body: message.body,
        timeoutMs: Math.min(message.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMER_MS),
      });
    } catch (error) {
      if (error instanceof DeliveryAbortedError) throw error;
      // A request node refuses to build (odd URL, bad header) is a failed attempt, not a stuck message.
      return { error: `could not send the request: ${(error as Error).message}` };
    }
  }

  private settle(message: MessageRecord, response: DeliveryResponse, lateByMs: number): void {
    const attempt = `attempt ${message.retried + 1}/${message.maxRetries + 1}`;
    const target = `${message.method} ${message.url}`;
    if (this.messages.get(message.messageId) !== message) {
      this.options.logger(`${message.messageId} was cancelled while its request to ${target} was in flight`);
      return;
    }
    const responseFields = {
      ...(response.status !== undefined ? { responseStatus: response.status } : {}),
      ...(response.headers ? { responseHeaders: response.headers } : {}),
      ...(response.body && response.body.length > 0 ? { responseBody: response.body } : {}),
    };
    const ok = response.status !== undefined && response.status >= 200 && response.status < 300;
    if (ok) {
      this.recordEvent('DELIVERED', message, responseFields);
      this.removeMessage(message, false);
      this.options.logger(`delivered ${message.messageId} → ${target} ${response.status} (${attempt}, ${lateByMs.toFixed(1)} ms after due)`);
      if (message.callback) this.publishCallback('callback', message, response);
      this.updateScheduleState(message, 'SUCCESS');
      return;
    }
    const error = response.error ?? `HTTP ${response.status}`;
    this.recordEvent('ERROR', message, { ...responseFields, error });
    if (message.callback) this.publishCallback('callback', message, response);
    const nonRetryable =
      response.status === 489 && headerValue(response.headers, 'Upstash-NonRetryable-Error')?.toLowerCase() === 'true';
    if (nonRetryable || message.retried >= message.maxRetries) {
      this.recordEvent('FAILED', message, { ...responseFields, error });
      this.removeMessage(message, false);
      const entry = this.addToDlq(message, response);
      this.options.logger(
        `failed ${message.messageId} → ${target}: ${error} (${attempt}${nonRetryable ? ', non-retryable' : ''}); moved to the DLQ as ${entry.dlqId}`,
      );
      if (message.failureCallback) this.publishCallback('failure-callback', message, response, entry.dlqId);
      this.updateScheduleState(message, 'FAIL');
      return;
    }
    const now = this.now();
    const waitMs = this.retryWaitMs(message, response, now) * this.faults.retryTimeScale;
    message.retried += 1;
    message.nextAttemptAt = now + waitMs;
    this.recordEvent('RETRY', message, { nextDeliveryTime: message.nextAttemptAt });
    this.journal?.record({ t: 'retry', id: message.messageId, retried: message.retried, at: message.nextAttemptAt });
    this.queue.push(message.nextAttemptAt, { kind: 'message', id: message.messageId, at: message.nextAttemptAt });
    this.options.logger(`attempt failed for ${message.messageId} → ${target}: ${error} (${attempt}); retrying in ${formatMs(waitMs)}`);
  }

  /** Destination's Retry-After-style headers first, then Upstash-Retry-Delay, then QStash's default backoff. */
  private retryWaitMs(message: MessageRecord, response: DeliveryResponse, now: number): number {
    for (const name of ['Retry-After', 'X-RateLimit-Reset', 'X-RateLimit-Reset-Requests', 'X-RateLimit-Reset-Tokens']) {
      const value = headerValue(response.headers, name);
      const waitMs = value === undefined ? undefined : parseRetryAfter(value, now);
      if (waitMs !== undefined) return waitMs;
    }
    if (message.retryDelayExpression !== undefined) {
      let expression = this.expressions.get(message.retryDelayExpression);
      if (!expression) {
        expression = parseRetryDelayExpression(message.retryDelayExpression);
        this.expressions.set(message.retryDelayExpression, expression);
      }
      const waitMs = expression.evaluate(message.retried);
      if (Number.isFinite(waitMs)) return Math.min(Math.max(0, waitMs), MAX_TIMER_MS * 1_000);
    }
    return defaultBackoffMs(message.retried + 1);
  }

  /** Callbacks are messages of their own: signed, retried, with the outcome of the source attempt as body. */
  private publishCallback(kind: 'callback' | 'failure-callback', source: MessageRecord, response: DeliveryResponse, dlqId?: string): void {
    const spec = kind === 'callback' ? source.callback! : source.failureCallback!;
    const payload = {
      status: response.status ?? 0,
      header: response.headers ?? {},
      body: (response.body ?? EMPTY).toString('base64'),
      retried: source.retried,
      maxRetries: source.maxRetries,
      ...(dlqId !== undefined ? { dlqId } : {}),
      sourceMessageId: source.messageId,
      url: source.url,
      method: source.method,
      sourceHeader: source.header,
      sourceBody: source.body.toString('base64'),
      notBefore: source.notBefore,
      createdAt: source.createdAt,
      ...(source.scheduleId !== undefined ? { scheduleId: source.scheduleId } : {}),
      ...(source.callerIp !== undefined ? { callerIP: source.callerIp } : {}),
      ...(response.error !== undefined && response.status === undefined ? { error: response.error } : {}),
    };
    this.enqueue(
      {
        url: spec.url,
        method: spec.method ?? 'POST',
        header: { 'Content-Type': ['application/json'], ...spec.header },
        body: Buffer.from(JSON.stringify(payload)),
        maxRetries: spec.retries ?? source.maxRetries,
        notBefore: this.now() + (spec.delayMs ?? 0),
        origin: kind,
        ...definedOnly({
          retryDelayExpression: spec.retryDelayExpression,
          timeoutMs: spec.timeoutMs,
          callerIp: source.callerIp,
        }),
      },
      this.now(),
    );
  }

  // ─── DLQ ───────────────────────────────────────────────────────────────────────────────────

  private addToDlq(message: MessageRecord, response: DeliveryResponse): DlqRecord {
    const now = this.now();
    const ms = Math.floor(now);
    this.dlqIdCounter = ms === this.lastDlqMs ? this.dlqIdCounter + 1 : 0;
    this.lastDlqMs = ms;
    let dlqId = `${ms}-${this.dlqIdCounter}`;
    while (this.dlq.has(dlqId)) dlqId = `${ms}-${++this.dlqIdCounter}`;
    const entry: DlqRecord = {
      dlqId,
      seq: this.dlqSeq++,
      failedAt: now,
      message: { ...message },
      ...definedOnly({
        responseStatus: response.status,
        responseHeader: response.headers,
        responseBody: response.body && response.body.length > 0 ? response.body : undefined,
        error: response.error,
      }),
    };
    this.dlq.set(dlqId, entry);
    this.journal?.record({ t: 'dlq', entry: toPersistedDlq(entry) });
    while (this.dlq.size > this.maxDlqEntries) {
      const oldest = this.dlq.keys().next().value as string;
      this.deleteDlq(oldest);
    }
    return entry;
  }

  getDlq(dlqId: string): DlqRecord | undefined {
    return this.dlq.get(dlqId);
  }

  deleteDlq(dlqId: string): boolean {
    if (!this.dlq.delete(dlqId)) return false;
    this.journal?.record({ t: 'dlq-gone', id: dlqId });
    return true;
  }

  /**
   * One page of DLQ entries in insertion order. The cursor is the insertion sequence of the
   * first entry of the next page, so deleting entries between calls never skips any.
   */
  pageDlq(filter: RecordFilter, cursor: string | undefined, count: number): Page<DlqRecord> {
    const from = cursor === undefined ? 0 : Number(cursor);
    const items: DlqRecord[] = [];
    for (const entry of this.dlq.values()) {
      if (entry.seq < from || !matchesFilter(dlqFilterFields(entry), filter)) continue;
      if (items.length === count) return { items, cursor: String(entry.seq) };
      items.push(entry);
    }
    return { items };
  }

  /** Republishes each entry as a new message (settings overridable) and removes it from the DLQ. */
  retryDlq(entries: DlqRecord[], overrides: Partial<MessageTemplate> & { notBeforeMs?: number; delayMs?: number }): string[] {
    const now = this.now();
    const { notBeforeMs, delayMs, ...template } = overrides;
    return entries.map((entry) => {
      const source = entry.message;
      const { messageId } = this.publish({
        url: source.url,
        method: source.method,
        header: source.header,
        body: source.body,
        maxRetries: source.maxRetries,
        notBefore: notBeforeMs ?? now + (delayMs ?? 0),
        ...definedOnly({
          retryDelayExpression: source.retryDelayExpression,
          timeoutMs: source.timeoutMs,
          callback: source.callback,
          failureCallback: source.failureCallback,
          labels: source.labels,
          redact: source.redact,
          scheduleId: source.scheduleId,
          callerIp: source.callerIp,
          origin: source.origin,
        }),
        ...definedOnly(template),
      });
      this.deleteDlq(entry.dlqId);
      this.options.logger(`retrying DLQ entry ${entry.dlqId} as ${messageId} → ${source.method} ${source.url}`);
      return messageId;
    });
  }

  // ─── schedules ─────────────────────────────────────────────────────────────────────────────

  /** Creates or fully replaces a schedule (same id ⇒ replace, as QStash does). */
  upsertSchedule(input: ScheduleInput): ScheduleRecord {
    const now = this.now();
    const cron = parseCron(input.cron);
    const existing = this.schedules.get(input.scheduleId);
    const schedule: ScheduleRecord = {
      scheduleId: input.scheduleId,
      cron: cron.expression,
      destination: input.destination,
      method: input.method,
      header: input.header,
      retries: input.maxRetries,
      delaySec: input.delaySec,
      isPaused: false,
      createdAt: existing?.createdAt ?? now,
      lastScheduleStates: existing?.lastScheduleStates ?? {},
      ...definedOnly({
        body: input.body && input.body.length > 0 ? input.body : undefined,
        retryDelayExpression: input.retryDelayExpression,
        timeoutMs: input.timeoutMs,
        callback: input.callback,
        failureCallback: input.failureCallback,
        labels: input.labels,
        redact: input.redact,
        callerIp: input.callerIp,
        lastScheduleTime: existing?.lastScheduleTime,
      }),
    };
    this.schedules.set(schedule.scheduleId, schedule);
    this.planNextRun(schedule, now);
    this.options.logger(
      `${existing ? 'replaced' : 'created'} schedule ${schedule.scheduleId} "${schedule.cron}" → ${schedule.method} ${schedule.destination}` +
        (schedule.nextScheduleTime !== undefined ? ` (next ${new Date(schedule.nextScheduleTime).toISOString()})` : ''),
    );
    return schedule;
  }

  deleteSchedule(scheduleId: string): boolean {
    if (!this.schedules.delete(scheduleId)) return false;
    this.journal?.record({ t: 'schedule-gone', id: scheduleId });
    this.options.logger(`deleted schedule ${scheduleId}`);
    return true;
  }

  setSchedulePaused(scheduleId: string, paused: boolean): ScheduleRecord | undefined {
    const schedule = this.schedules.get(scheduleId);
    if (!schedule) return undefined;
    if (schedule.isPaused === paused) return schedule;
    schedule.isPaused = paused;
    if (paused) this.saveSchedule(schedule);
    else this.planNextRun(schedule, this.now());
    this.options.logger(`${paused ? 'paused' : 'resumed'} schedule ${scheduleId}`);
    return schedule;
  }

  /** Fires a schedule now, outside its cron (a developer tool; the cron keeps its own rhythm). */
  triggerScheduleNow(scheduleId: string): string | undefined {
    const schedule = this.schedules.get(scheduleId);
    if (!schedule) return undefined;
    return this.publishScheduled(schedule, this.now());
  }

  private fireSchedule(schedule: ScheduleRecord, dueAt: number): void {
    this.publishScheduled(schedule, dueAt);
    this.planNextRun(schedule, Math.max(dueAt, this.now()));
  }

  private publishScheduled(schedule: ScheduleRecord, firedAt: number): string {
    const message = this.enqueue(
      {
        url: schedule.destination,
        method: schedule.method,
        header: schedule.header,
        body: schedule.body ?? EMPTY,
        maxRetries: schedule.retries,
        notBefore: firedAt + schedule.delaySec * 1_000,
        scheduleId: schedule.scheduleId,
        ...definedOnly({
          retryDelayExpression: schedule.retryDelayExpression,
          timeoutMs: schedule.timeoutMs,
          callback: schedule.callback,
          failureCallback: schedule.failureCallback,
          labels: schedule.labels,
          redact: schedule.redact,
          callerIp: schedule.callerIp,
        }),
      },
      this.now(),
    );
    schedule.lastScheduleTime = firedAt;
    const states = Object.entries(schedule.lastScheduleStates).slice(-(SCHEDULE_STATES_KEPT - 1));
    schedule.lastScheduleStates = { ...Object.fromEntries(states), [message.messageId]: 'IN_PROGRESS' };
    this.saveSchedule(schedule);
    this.options.logger(`schedule ${schedule.scheduleId} fired → ${message.messageId}`);
    return message.messageId;
  }

  private planNextRun(schedule: ScheduleRecord, afterMs: number): void {
    const next = schedule.isPaused ? undefined : parseCron(schedule.cron).nextAfter(afterMs);
    if (next === undefined) delete schedule.nextScheduleTime;
    else schedule.nextScheduleTime = next;
    this.saveSchedule(schedule);
    if (next !== undefined) this.queue.push(next, { kind: 'schedule', id: schedule.scheduleId, at: next });
  }

  private saveSchedule(schedule: ScheduleRecord): void {
    this.journal?.record({ t: 'schedule', schedule: toPersistedSchedule(schedule) });
  }

  private updateScheduleState(message: MessageRecord, state: ScheduleState): void {
    if (message.scheduleId === undefined) return;
    const schedule = this.schedules.get(message.scheduleId);
    if (!schedule || !(message.messageId in schedule.lastScheduleStates)) return;
    schedule.lastScheduleStates[message.messageId] = state;
    this.saveSchedule(schedule);
  }

  listSchedules(): ScheduleRecord[] {
    return [...this.schedules.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  // ─── events ────────────────────────────────────────────────────────────────────────────────

  private recordEvent(state: EventState, message: MessageRecord, extra: Partial<Omit<EventRecord, 'seq' | 'time' | 'state' | 'message'>> = {}): void {
    let info = this.eventInfo.get(message);
    if (!info) {
      info = {
        messageId: message.messageId,
        url: message.url,
        method: message.method,
        header: message.header,
        maxRetries: message.maxRetries,
        ...definedOnly({
          body: message.body.length <= EVENT_BODY_CAP_BYTES ? message.body : undefined,
          retryDelayExpression: message.retryDelayExpression,
          timeoutMs: message.timeoutMs,
          callback: message.callback?.url,
          failureCallback: message.failureCallback?.url,
          scheduleId: message.scheduleId,
          labels: message.labels,
          callerIp: message.callerIp,
          redact: message.redact,
        }),
      };
      this.eventInfo.set(message, info);
    }
    this.events.push({ seq: this.eventSeq++, time: this.now(), state, message: info, ...extra });
    if (this.events.length > this.maxEvents * 1.25) this.events = this.events.slice(-this.maxEvents);
  }

  /** One page of events, newest first unless `earliestFirst`; the cursor is an event sequence number. */
  pageEvents(filter: RecordFilter, cursor: string | undefined, count: number, earliestFirst: boolean): Page<EventRecord> {
    const bound = cursor === undefined ? undefined : Number(cursor);
    const items: EventRecord[] = [];
    const length = this.events.length;
    const start = Math.max(0, length - this.maxEvents);
    for (let step = 0; step < length - start; step += 1) {
      const event = this.events[earliestFirst ? start + step : length - 1 - step]!;
      if (bound !== undefined && (earliestFirst ? event.seq < bound : event.seq > bound)) continue;
      if (!matchesFilter(eventFilterFields(event), filter)) continue;
      if (items.length === count) return { items, cursor: String(event.seq) };
      items.push(event);
    }
    return { items };
  }

  // ─── persistence ───────────────────────────────────────────────────────────────────────────

  snapshot(): PersistedState {
    const start = Math.max(0, this.events.length - this.maxEvents);
    return {
      version: 1,
      savedAt: Date.now(),
      messages: [...this.messages.values()].map(toPersistedMessage),
      dlq: [...this.dlq.values()].map(toPersistedDlq),
      schedules: [...this.schedules.values()].map(toPersistedSchedule),
      dedup: [...this.dedup].map(([key, entry]) => [key, entry.messageId, entry.expiresAt]),
      events: this.events.slice(start).map(toPersistedEvent),
      dlqSeq: this.dlqSeq,
      eventSeq: this.eventSeq,
    };
  }

  liveRecordCount(): number {
    return this.messages.size + this.dlq.size + this.schedules.size + this.dedup.size;
  }

  /** Whether blocking the event loop for `ms` now would make a due message late. */
  isIdleFor(ms: number): boolean {
    const next = this.queue.peekAt();
    return next === undefined || next - this.now() > ms;
  }

  /**
   * Loads a snapshot and replays the journal over it, then queues everything. Messages that
   * fell due while the server was down are delivered at once and reported as late; a schedule
   * that missed triggers fires once to catch up.
   */
  restore(loaded: LoadedState): void {
    const { snapshot, ops } = loaded;
    if (snapshot) {
      for (const message of snapshot.messages) this.messages.set(message.messageId, fromPersistedMessage(message));
      for (const entry of snapshot.dlq) this.dlq.set(entry.dlqId, fromPersistedDlq(entry));
      for (const schedule of snapshot.schedules) this.schedules.set(schedule.scheduleId, fromPersistedSchedule(schedule));
      for (const [key, messageId, expiresAt] of snapshot.dedup) this.dedup.set(key, { messageId, expiresAt });
      this.events = snapshot.events.map(fromPersistedEvent);
      this.dlqSeq = snapshot.dlqSeq;
      this.eventSeq = snapshot.eventSeq;
    }
    for (const op of ops) {
      switch (op.t) {
        case 'message':
          this.messages.set(op.message.messageId, fromPersistedMessage(op.message));
          break;
        case 'retry': {
          const message = this.messages.get(op.id);
          if (message) {
            message.retried = op.retried;
            message.nextAttemptAt = op.at;
          }
          break;
        }
        case 'message-gone':
          this.messages.delete(op.id);
          break;
        case 'dlq':
          this.dlq.set(op.entry.dlqId, fromPersistedDlq(op.entry));
          this.dlqSeq = Math.max(this.dlqSeq, op.entry.seq + 1);
          break;
        case 'dlq-gone':
          this.dlq.delete(op.id);
          break;
        case 'schedule':
          this.schedules.set(op.schedule.scheduleId, fromPersistedSchedule(op.schedule));
          break;
        case 'schedule-gone':
          this.schedules.delete(op.id);
          break;
        case 'dedup':
          this.dedup.delete(op.entry[0]);
          this.dedup.set(op.entry[0], { messageId: op.entry[1], expiresAt: op.entry[2] });
          break;
      }
    }
    const lastEvent = this.events.at(-1);
    if (lastEvent) this.eventSeq = Math.max(this.eventSeq, lastEvent.seq + 1);
    const now = this.now();
    this.pruneDedup(now);
    const late: MessageRecord[] = [];
    for (const message of this.messages.values()) {
      if (message.nextAttemptAt < now) late.push(message);
      this.queue.push(message.nextAttemptAt, { kind: 'message', id: message.messageId, at: message.nextAttemptAt });
    }
    if (late.length > 0) {
      const worst = Math.max(...late.map((message) => now - message.nextAttemptAt));
      this.options.logger(
        `LATE: ${late.length} message(s) fell due while the server was down; delivering them now (up to ${formatMs(worst)} late): ` +
          late
            .slice(0, 10)
            .map((message) => `${message.messageId} → ${message.url}`)
            .join(', ') +
          (late.length > 10 ? ', …' : ''),
      );
    }
    for (const schedule of this.schedules.values()) {
      if (schedule.isPaused) continue;
      if (schedule.nextScheduleTime !== undefined && schedule.nextScheduleTime < now) {
        this.options.logger(
          `LATE: schedule ${schedule.scheduleId} missed its trigger at ${new Date(schedule.nextScheduleTime).toISOString()} while the server was down; firing it once now`,
        );
        this.publishScheduled(schedule, schedule.nextScheduleTime);
      }
      this.planNextRun(schedule, now);
    }
    this.options.logger(
      `restored ${this.messages.size} pending message(s), ${this.dlq.size} DLQ entr${this.dlq.size === 1 ? 'y' : 'ies'}, ${this.schedules.size} schedule(s)`,
    );
  }

  // ─── lifecycle & introspection ─────────────────────────────────────────────────────────────

  /** Stops timers and aborts in-flight attempts; those messages stay pending (at-least-once). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queue.stop();
    for (const timer of this.jitterTimers) clearTimeout(timer);
    this.jitterTimers.clear();
    this.ready = [];
    this.readyHead = 0;
    this.options.deliverer.abortAll();
    await Promise.allSettled([...this.attempts]);
  }

  stats(): Record<string, number> {
    return {
      pending: this.messages.size,
      inFlight: this.inFlight.size,
      dlq: this.dlq.size,
      schedules: this.schedules.size,
      events: Math.min(this.events.length, this.maxEvents),
      deduplicationIds: this.dedup.size,
      queueEntries: this.queue.size,
    };
  }

  recentEvents(limit: number): EventRecord[] {
    return this.events.slice(-limit).reverse();
  }
}

function messageFilterFields(message: MessageRecord): FilterableRecord {
  return {
    messageId: message.messageId,
    url: message.url,
    time: message.createdAt,
    ...definedOnly({ scheduleId: message.scheduleId, labels: message.labels, callerIp: message.callerIp }),
  };
}

function dlqFilterFields(entry: DlqRecord): FilterableRecord {
  return {
    ...messageFilterFields(entry.message),
    id: entry.dlqId,
    time: entry.failedAt,
    ...definedOnly({ responseStatus: entry.responseStatus }),
  };
}

function eventFilterFields(event: EventRecord): FilterableRecord {
  const info = event.message;
  return {
    messageId: info.messageId,
    url: info.url,
    time: event.time,
    state: event.state,
    ...definedOnly({
      scheduleId: info.scheduleId,
      labels: info.labels,
      callerIp: info.callerIp,
      responseStatus: event.responseStatus,
    }),
  };
}

function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  return headers?.[canonicalHeaderName(name)]?.[0];
}

/** Drops undefined values so optional fields stay absent (not `undefined`) in records and JSON. */
function definedOnly<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) result[key] = value;
  return result as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function formatMs(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
