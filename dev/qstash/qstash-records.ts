import { z } from 'zod';

/**
 * What the server holds: pending messages, DLQ entries, schedules, deduplication ids and the
 * event log. The persisted forms are zod schemas because the data file is a trust boundary (it
 * may be hand-edited or from an older version); in memory, bodies are Buffers.
 */

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Header names canonicalised Go-style, values as arrays: `{"Content-Type": ["application/json"]}`. */
export type HeaderMap = Record<string, string[]>;
const headerMapSchema = z.record(z.string(), z.array(z.string()));

const redactSchema = z.object({
  body: z.boolean(),
  allHeaders: z.boolean(),
  /** Canonical header names whose values are shown as `REDACTED:<sha256>`. */
  headers: z.array(z.string()),
});
export type RedactSpec = z.infer<typeof redactSchema>;

/** How a callback / failure-callback message is sent (`Upstash-Callback-*` headers). */
const callbackSpecSchema = z.object({
  url: z.string(),
  method: z.enum(HTTP_METHODS).optional(),
  retries: z.number().int().nonnegative().optional(),
  timeoutMs: z.number().positive().optional(),
  delayMs: z.number().nonnegative().optional(),
  retryDelayExpression: z.string().optional(),
  header: headerMapSchema,
});
export type CallbackSpec = z.infer<typeof callbackSpecSchema>;

/** Everything about how to deliver, shared by messages and schedule templates. */
const deliveryConfigShape = {
  method: z.enum(HTTP_METHODS),
  header: headerMapSchema,
  retryDelayExpression: z.string().optional(),
  timeoutMs: z.number().positive().optional(),
  callback: callbackSpecSchema.optional(),
  failureCallback: callbackSpecSchema.optional(),
  labels: z.array(z.string()).optional(),
  callerIp: z.string().optional(),
  redact: redactSchema.optional(),
};

export const persistedMessageSchema = z.object({
  messageId: z.string().min(1),
  url: z.string().min(1),
  ...deliveryConfigShape,
  bodyBase64: z.string(),
  maxRetries: z.number().int().nonnegative(),
  /** First due instant, epoch ms. */
  notBefore: z.number(),
  createdAt: z.number(),
  scheduleId: z.string().optional(),
  /** Set on messages the server published itself to call a (failure) callback. */
  origin: z.enum(['callback', 'failure-callback']).optional(),
  /** Retries already done; the next attempt sends `Upstash-Retried: <retried>`. */
  retried: z.number().int().nonnegative(),
  /** When the next attempt is due, epoch ms. */
  nextAttemptAt: z.number(),
});
export type PersistedMessage = z.infer<typeof persistedMessageSchema>;
export type MessageRecord = Omit<PersistedMessage, 'bodyBase64'> & { body: Buffer };

export const persistedDlqSchema = z.object({
  dlqId: z.string().min(1),
  /** Insertion order; DLQ cursors point at it. */
  seq: z.number().int().nonnegative(),
  failedAt: z.number(),
  message: persistedMessageSchema,
  responseStatus: z.number().int().optional(),
  responseHeader: headerMapSchema.optional(),
  responseBodyBase64: z.string().optional(),
  error: z.string().optional(),
});
export type PersistedDlqEntry = z.infer<typeof persistedDlqSchema>;
export type DlqRecord = Omit<PersistedDlqEntry, 'message' | 'responseBodyBase64'> & {
  message: MessageRecord;
  responseBody?: Buffer;
};

export const SCHEDULE_STATES = ['IN_PROGRESS', 'SUCCESS', 'FAIL'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export const persistedScheduleSchema = z.object({
  scheduleId: z.string().min(1),
  cron: z.string().min(1),
  destination: z.string().min(1),
  ...deliveryConfigShape,
  bodyBase64: z.string().optional(),
  retries: z.number().int().nonnegative(),
  delaySec: z.number().int().nonnegative(),
  isPaused: z.boolean(),
  createdAt: z.number(),
  lastScheduleTime: z.number().optional(),
  nextScheduleTime: z.number().optional(),
  lastScheduleStates: z.record(z.string(), z.enum(SCHEDULE_STATES)),
});
export type PersistedSchedule = z.infer<typeof persistedScheduleSchema>;
export type ScheduleRecord = Omit<PersistedSchedule, 'bodyBase64'> & { body?: Buffer };

export const EVENT_STATES = [
  'CREATED',
  'ACTIVE',
  'DELIVERED',
  'ERROR',
  'RETRY',
  'FAILED',
  'CANCEL_REQUESTED',
  'CANCELLED',
] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** The message fields an event shows; built once per message, body kept only when small. */
const eventMessageShape = {
  messageId: z.string(),
  url: z.string(),
  method: z.enum(HTTP_METHODS),
  header: headerMapSchema,
  bodyBase64: z.string().optional(),
  maxRetries: z.number().int().nonnegative(),
  retryDelayExpression: z.string().optional(),
  timeoutMs: z.number().optional(),
  callback: z.string().optional(),
  failureCallback: z.string().optional(),
  scheduleId: z.string().optional(),
  labels: z.array(z.string()).optional(),
  callerIp: z.string().optional(),
  redact: redactSchema.optional(),
};
const eventMessageSchema = z.object(eventMessageShape);
export type EventMessageInfo = Omit<z.infer<typeof eventMessageSchema>, 'bodyBase64'> & { body?: Buffer };

export const persistedEventSchema = z.object({
  seq: z.number().int().nonnegative(),
  time: z.number(),
  state: z.enum(EVENT_STATES),
  message: eventMessageSchema,
  error: z.string().optional(),
  nextDeliveryTime: z.number().optional(),
  responseStatus: z.number().int().optional(),
  responseHeaders: headerMapSchema.optional(),
  responseBodyBase64: z.string().optional(),
});
export type PersistedEvent = z.infer<typeof persistedEventSchema>;
export type EventRecord = Omit<PersistedEvent, 'message' | 'responseBodyBase64'> & {
  message: EventMessageInfo;
  responseBody?: Buffer;
};

export const dedupEntrySchema = z.tuple([z.string(), z.string(), z.number()]);
/** [deduplication key, original message id, expiry epoch ms] */
export type DedupEntry = z.infer<typeof dedupEntrySchema>;

export const persistedStateSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  messages: z.array(persistedMessageSchema),
  dlq: z.array(persistedDlqSchema),
  schedules: z.array(persistedScheduleSchema),
  dedup: z.array(dedupEntrySchema),
  events: z.array(persistedEventSchema),
  dlqSeq: z.number().int().nonnegative(),
  eventSeq: z.number().int().nonnegative(),
});
export type PersistedState = z.infer<typeof persistedStateSchema>;

/** One line of the append-only journal written between snapshots. */
export const journalOpSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('message'), message: persistedMessageSchema }),
  z.object({ t: z.literal('retry'), id: z.string(), retried: z.number().int().nonnegative(), at: z.number() }),
  z.object({ t: z.literal('message-gone'), id: z.string() }),
  z.object({ t: z.literal('dlq'), entry: persistedDlqSchema }),
  z.object({ t: z.literal('dlq-gone'), id: z.string() }),
  z.object({ t: z.literal('schedule'), schedule: persistedScheduleSchema }),
  z.object({ t: z.literal('schedule-gone'), id: z.string() }),
  z.object({ t: z.literal('dedup'), entry: dedupEntrySchema }),
]);
export type JournalOp = z.infer<typeof journalOpSchema>;

export function toPersistedMessage(message: MessageRecord): PersistedMessage {
  const { body, ...rest } = message;
  return { ...rest, bodyBase64: body.toString('base64') };
}

export function fromPersistedMessage(message: PersistedMessage): MessageRecord {
  const { bodyBase64, ...rest } = message;
  return { ...rest, body: Buffer.from(bodyBase64, 'base64') };
}

export function toPersistedDlq(entry: DlqRecord): PersistedDlqEntry {
  const { message, responseBody, ...rest } = entry;
  return {
    ...rest,
    message: toPersistedMessage(message),
    ...(responseBody ? { responseBodyBase64: responseBody.toString('base64') } : {}),
  };
}

export function fromPersistedDlq(entry: PersistedDlqEntry): DlqRecord {
  const { message, responseBodyBase64, ...rest } = entry;
  return {
    ...rest,
    message: fromPersistedMessage(message),
    ...(responseBodyBase64 !== undefined ? { responseBody: Buffer.from(responseBodyBase64, 'base64') } : {}),
  };
}

export function toPersistedSchedule(schedule: ScheduleRecord): PersistedSchedule {
  const { body, ...rest } = schedule;
  return { ...rest, ...(body ? { bodyBase64: body.toString('base64') } : {}) };
}

export function fromPersistedSchedule(schedule: PersistedSchedule): ScheduleRecord {
  const { bodyBase64, ...rest } = schedule;
  return { ...rest, ...(bodyBase64 !== undefined ? { body: Buffer.from(bodyBase64, 'base64') } : {}) };
}

export function toPersistedEvent(event: EventRecord): PersistedEvent {
  const { message, responseBody, ...rest } = event;
  const { body, ...info } = message;
  return {
    ...rest,
    message: { ...info, ...(body ? { bodyBase64: body.toString('base64') } : {}) },
    ...(responseBody ? { responseBodyBase64: responseBody.toString('base64') } : {}),
  };
}

export function fromPersistedEvent(event: PersistedEvent): EventRecord {
  const { message, responseBodyBase64, ...rest } = event;
  const { bodyBase64, ...info } = message;
  return {
    ...rest,
    message: { ...info, ...(bodyBase64 !== undefined ? { body: Buffer.from(bodyBase64, 'base64') } : {}) },
    ...(responseBodyBase64 !== undefined ? { responseBody: Buffer.from(responseBodyBase64, 'base64') } : {}),
  };
}
