import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { DlqRecord, EventRecord, HeaderMap, MessageRecord, RedactSpec, ScheduleRecord } from './qstash-records';

/**
 * The JSON shapes the SDK reads (§5–§8 of the protocol reference). Absent fields are omitted,
 * never null; timestamps are epoch ms; fields marked with `Upstash-Redact-Fields` show
 * `REDACTED:<sha256>` (delivery still uses the real values).
 */

function redacted(value: string | Buffer): string {
  return `REDACTED:${createHash('sha256').update(value).digest('hex')}`;
}

function headerView(header: HeaderMap, redact: RedactSpec | undefined): HeaderMap {
  if (!redact || (!redact.allHeaders && redact.headers.length === 0)) return header;
  const view: HeaderMap = {};
  for (const [name, values] of Object.entries(header)) {
    const hide = redact.allHeaders ? name !== 'Content-Type' : redact.headers.includes(name);
    view[name] = hide ? values.map(redacted) : values;
  }
  return view;
}

/** UTF-8 bodies as `body`, anything else as `bodyBase64`, as QStash does. */
function bodyFields(body: Buffer, redact: RedactSpec | undefined, prefix: 'body' | 'responseBody' = 'body'): Record<string, string> {
  if (redact?.body) return { [prefix]: redacted(body) };
  return isUtf8(body) ? { [prefix]: body.toString('utf8') } : { [`${prefix}Base64`]: body.toString('base64') };
}

function labelFields(labels: string[] | undefined): { label?: string; labels?: string[] } {
  return labels && labels.length > 0 ? { label: labels[0]!, labels } : {};
}

/** The SDK types say `callerIp`, the OpenAPI text says `callerIP`: emit both. */
function callerIpFields(callerIp: string | undefined): { callerIp?: string; callerIP?: string } {
  return callerIp ? { callerIp, callerIP: callerIp } : {};
}

export function messageView(message: MessageRecord): Record<string, unknown> {
  return {
    messageId: message.messageId,
    url: message.url,
    method: message.method,
    header: headerView(message.header, message.redact),
    ...bodyFields(message.body, message.redact),
    maxRetries: message.maxRetries,
    ...(message.retryDelayExpression !== undefined ? { retryDelayExpression: message.retryDelayExpression } : {}),
    notBefore: message.notBefore,
    createdAt: message.createdAt,
    ...(message.callback ? { callback: message.callback.url } : {}),
    ...(message.failureCallback ? { failureCallback: message.failureCallback.url } : {}),
    ...(message.scheduleId !== undefined ? { scheduleId: message.scheduleId } : {}),
    ...callerIpFields(message.callerIp),
    ...labelFields(message.labels),
  };
}

export function dlqView(entry: DlqRecord): Record<string, unknown> {
  return {
    ...messageView(entry.message),
    dlqId: entry.dlqId,
    ...(entry.responseStatus !== undefined ? { responseStatus: entry.responseStatus } : {}),
    ...(entry.responseHeader ? { responseHeader: entry.responseHeader } : {}),
    ...(entry.responseBody ? bodyFields(entry.responseBody, undefined, 'responseBody') : {}),
  };
}

export function scheduleView(schedule: ScheduleRecord): Record<string, unknown> {
  return {
    scheduleId: schedule.scheduleId,
    cron: schedule.cron,
    destination: schedule.destination,
    method: schedule.method,
    header: headerView(schedule.header, schedule.redact),
    ...(schedule.body ? bodyFields(schedule.body, schedule.redact) : {}),
    retries: schedule.retries,
    delay: schedule.delaySec,
    ...(schedule.callback ? { callback: schedule.callback.url } : {}),
    ...(schedule.failureCallback ? { failureCallback: schedule.failureCallback.url } : {}),
    ...(schedule.timeoutMs !== undefined ? { timeout: schedule.timeoutMs / 1000 } : {}),
    ...(schedule.retryDelayExpression !== undefined ? { retryDelayExpression: schedule.retryDelayExpression } : {}),
    isPaused: schedule.isPaused,
    createdAt: schedule.createdAt,
    ...callerIpFields(schedule.callerIp),
    ...labelFields(schedule.labels),
    ...(schedule.lastScheduleTime !== undefined ? { lastScheduleTime: schedule.lastScheduleTime } : {}),
    ...(schedule.nextScheduleTime !== undefined && !schedule.isPaused ? { nextScheduleTime: schedule.nextScheduleTime } : {}),
    lastScheduleStates: schedule.lastScheduleStates,
  };
}

/** Log entries: the SDK types `header` as `{name: value}` and bodies as base64. */
export function eventView(event: EventRecord): Record<string, unknown> {
  const info = event.message;
  const header: Record<string, string> = {};
  for (const [name, values] of Object.entries(headerView(info.header, info.redact))) header[name] = values.join(',');
  return {
    time: event.time,
    state: event.state,
    messageId: info.messageId,
    url: info.url,
    method: info.method,
    header,
    ...(info.body ? { body: info.redact?.body ? redacted(info.body) : info.body.toString('base64') } : {}),
    ...(event.error !== undefined ? { error: event.error } : {}),
    ...(event.nextDeliveryTime !== undefined ? { nextDeliveryTime: event.nextDeliveryTime } : {}),
    ...(event.responseStatus !== undefined ? { responseStatus: event.responseStatus } : {}),
    ...(event.responseHeaders ? { responseHeaders: event.responseHeaders } : {}),
    ...(event.responseBody ? { responseBody: event.responseBody.toString('base64') } : {}),
    ...(info.timeoutMs !== undefined ? { timeout: info.timeoutMs } : {}),
    ...(info.callback !== undefined ? { callback: info.callback } : {}),
    ...(info.failureCallback !== undefined ? { failureCallback: info.failureCallback } : {}),
    maxRetries: info.maxRetries,
    ...(info.retryDelayExpression !== undefined ? { retryDelayExpression: info.retryDelayExpression } : {}),
    ...(info.scheduleId !== undefined ? { scheduleId: info.scheduleId } : {}),
    ...callerIpFields(info.callerIp),
    ...labelFields(info.labels),
  };
}
