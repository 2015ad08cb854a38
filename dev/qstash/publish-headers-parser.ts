import { validateHeaderName, validateHeaderValue } from 'node:http';
import { parseDelay, parseTimeout } from './duration-parser';
import { canonicalHeaderName } from './header-names';
import { badRequest, notImplemented } from './qstash-http-error';
import { HTTP_METHODS, type CallbackSpec, type HeaderMap, type HttpMethod, type RedactSpec } from './qstash-records';
import { parseRetryDelayExpression, RetryDelayExpressionError } from './retry-delay-expression';

/** Request headers with lower-case names, as node:http and the batch JSON give them. */
export type LowerCaseHeaders = Record<string, string | undefined>;

/** How a message is delivered; shared by publish, schedules and DLQ retries. */
export interface MessageTemplate {
  method: HttpMethod;
  header: HeaderMap;
  maxRetries: number;
  retryDelayExpression?: string;
  timeoutMs?: number;
  callback?: CallbackSpec;
  failureCallback?: CallbackSpec;
  labels?: string[];
  redact?: RedactSpec;
}

export interface ParsedPublishHeaders extends MessageTemplate {
  /** `Upstash-Not-Before`, converted to epoch ms; wins over the delay. */
  notBeforeMs?: number;
  delayMs?: number;
  deduplicationId?: string;
  contentBasedDeduplication: boolean;
}

export const DEFAULT_RETRIES = 3;
/** The largest retry count any QStash plan allows. */
const MAX_RETRIES = 100;
/** Upstash-Not-Before beyond year 9999 cannot be a real instant. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

/** Headers never forwarded in webhook mode (`Upstash-Header-Forward: true`): hop-by-hop and ours. */
const NOT_FORWARDED = new Set([
  'host',
  'authorization',
  'content-length',
  'content-type',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);

/**
 * A destination must be an absolute http(s) URL. A bare name is how the SDK addresses a URL
 * group, which this server does not implement, so that gets a 501 rather than a 400.
 */
export function parseDestination(raw: string, what = 'destination'): string {
  if (raw === '') throw badRequest(`${what} is missing: expected an absolute http(s) URL after the path prefix`);
  if (raw === 'api/llm' || raw.startsWith('api/')) throw notImplemented('The LLM API');
  if (/^[A-Za-z0-9._-]+$/.test(raw)) throw notImplemented(`Publishing to the URL group "${raw}"`);
  return parseAbsoluteUrl(raw, what);
}

export function parseAbsoluteUrl(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(`${what} "${raw}" is not an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badRequest(`${what} "${raw}" is not an absolute http(s) URL (scheme ${url.protocol} is not supported)`);
  }
  if (!url.hostname) throw badRequest(`${what} "${raw}" has no host`);
  return raw;
}

/** Publish / batch entry headers → delivery settings. Throws 400 naming the bad header. */
export function parsePublishHeaders(headers: LowerCaseHeaders): ParsedPublishHeaders {
  rejectUnsupported(headers);
  const deduplicationId = headers['upstash-deduplication-id'];
  if (deduplicationId !== undefined) validateDeduplicationId(deduplicationId);
  const contentBased = headers['upstash-content-based-deduplication'];
  if (contentBased !== undefined && !/^(true|false)$/i.test(contentBased.trim())) {
    throw badRequest(`Upstash-Content-Based-Deduplication must be "true" or "false", got "${contentBased}"`);
  }
  const notBefore = headers['upstash-not-before'];
  const delay = headers['upstash-delay'];
  return {
    ...parseTemplate(headers),
    ...(notBefore !== undefined ? { notBeforeMs: parseNotBefore(notBefore) } : {}),
    ...(delay !== undefined ? { delayMs: parseDelayHeader(delay) } : {}),
    ...(deduplicationId !== undefined ? { deduplicationId } : {}),
    contentBasedDeduplication: contentBased?.trim().toLowerCase() === 'true',
  };
}

/** Just the settings a request states explicitly, e.g. `Upstash-Retries: 0` on a DLQ retry. */
export function parseTemplateOverrides(headers: LowerCaseHeaders): Partial<MessageTemplate> & { notBeforeMs?: number; delayMs?: number } {
  rejectUnsupported(headers);
  const full = parseTemplate(headers);
  const overrides: Partial<MessageTemplate> & { notBeforeMs?: number; delayMs?: number } = {};
  if (headers['upstash-method'] !== undefined) overrides.method = full.method;
  if (headers['upstash-retries'] !== undefined) overrides.maxRetries = full.maxRetries;
  if (full.retryDelayExpression !== undefined) overrides.retryDelayExpression = full.retryDelayExpression;
  if (full.timeoutMs !== undefined) overrides.timeoutMs = full.timeoutMs;
  if (full.callback !== undefined) overrides.callback = full.callback;
  if (full.failureCallback !== undefined) overrides.failureCallback = full.failureCallback;
  if (full.labels !== undefined) overrides.labels = full.labels;
  const forwarded = Object.keys(full.header).filter((name) => name !== 'Content-Type');
  if (forwarded.length > 0) overrides.header = full.header;
  if (headers['upstash-not-before'] !== undefined) overrides.notBeforeMs = parseNotBefore(headers['upstash-not-before']);
  if (headers['upstash-delay'] !== undefined) overrides.delayMs = parseDelayHeader(headers['upstash-delay']);
  return overrides;
}

export function parseTemplate(headers: LowerCaseHeaders): MessageTemplate {
  const retries = headers['upstash-retries'];
  const retryDelay = headers['upstash-retry-delay'];
  const timeout = headers['upstash-timeout'];
  const labels = headers['upstash-label'];
  const redact = headers['upstash-redact-fields'];
  const callback = parseCallback(headers, 'upstash-callback', 'Upstash-Callback');
  const failureCallback = parseCallback(headers, 'upstash-failure-callback', 'Upstash-Failure-Callback');
  return {
    method: parseMethod(headers['upstash-method'], 'Upstash-Method') ?? 'POST',
    header: collectHeaders(headers),
    maxRetries: retries === undefined ? DEFAULT_RETRIES : parseRetries(retries, 'Upstash-Retries'),
    ...(retryDelay !== undefined ? { retryDelayExpression: parseRetryDelay(retryDelay, 'Upstash-Retry-Delay') } : {}),
    ...(timeout !== undefined ? { timeoutMs: parseTimeoutHeader(timeout, 'Upstash-Timeout') } : {}),
    ...(callback ? { callback } : {}),
    ...(failureCallback ? { failureCallback } : {}),
    ...(labels !== undefined ? { labels: parseLabels(labels) } : {}),
    ...(redact !== undefined ? { redact: parseRedact(redact) } : {}),
  };
}

function rejectUnsupported(headers: LowerCaseHeaders): void {
  if (headers['upstash-flow-control-key'] !== undefined || headers['upstash-flow-control-value'] !== undefined) {
    throw notImplemented('Flow control (Upstash-Flow-Control-Key)');
  }
  if (headers['upstash-queue-name'] !== undefined) throw notImplemented('Queues (Upstash-Queue-Name)');
}

export function parseNotBefore(value: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_EPOCH_SECONDS) {
    throw badRequest(`Upstash-Not-Before must be a unix timestamp in whole seconds (e.g. 1735689600), got "${value}"`);
  }
  return Number(trimmed) * 1_000;
}

export function parseDelayHeader(value: string): number {
  const delayMs = parseDelay(value);
  if (delayMs === undefined || delayMs > MAX_EPOCH_SECONDS * 1_000) {
    throw badRequest(`Upstash-Delay must be whole numbers with units d, h, m or s (e.g. "10s", "1h", "1d10h30m"), got "${value}"`);
  }
  return delayMs;
}

function parseMethod(value: string | undefined, header: string): HttpMethod | undefined {
  if (value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
    throw badRequest(`${header} must be one of ${HTTP_METHODS.join(', ')}, got "${value}"`);
  }
  return upper as HttpMethod;
}

function parseRetries(value: string, header: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > MAX_RETRIES) {
    throw badRequest(`${header} must be a whole number from 0 to ${MAX_RETRIES}, got "${value}"`);
  }
  return Number(trimmed);
}

function parseRetryDelay(value: string, header: string): string {
  try {
    return parseRetryDelayExpression(value).source;
  } catch (error) {
    if (error instanceof RetryDelayExpressionError) {
      throw badRequest(`${header} is not a valid expression (${error.message}), got "${value}"`);
    }
    throw error;
  }
}

function parseTimeoutHeader(value: string, header: string): number {
  const timeoutMs = parseTimeout(value);
  if (timeoutMs === undefined || timeoutMs <= 0) {
    throw badRequest(`${header} must be a positive duration with units s, m, h or d (e.g. "30s", "1.5s", "1h30m"), got "${value}"`);
  }
  return timeoutMs;
}

function parseLabels(value: string): string[] {
  const labels = value
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  if (labels.length === 0) throw badRequest(`Upstash-Label must name at least one label, got "${value}"`);
  return labels;
}

function parseRedact(value: string): RedactSpec {
  const spec: RedactSpec = { body: false, allHeaders: false, headers: [] };
  for (const part of value.split(',').map((item) => item.trim()).filter(Boolean)) {
    const named = /^headers?\[([^\]]+)\]$/i.exec(part);
    if (/^body$/i.test(part)) spec.body = true;
    else if (/^headers?$/i.test(part)) spec.allHeaders = true;
    else if (named) spec.headers.push(canonicalHeaderName(named[1]!.trim()));
    else {
      throw badRequest(`Upstash-Redact-Fields accepts body, header and header[Name], got "${part}"`);
    }
  }
  return spec;
}

export function validateDeduplicationId(value: string): void {
  if (value === '' || /[:\s]/.test(value)) {
    throw badRequest(`Upstash-Deduplication-Id must be non-empty without ":" or whitespace, got "${value}"`);
  }
}

/** `Content-Type` plus every `Upstash-Forward-X` as `X` (canonical name, one value, never split on commas). */
function collectHeaders(headers: LowerCaseHeaders): HeaderMap {
  const collected: HeaderMap = {};
  const forwardAll = headers['upstash-header-forward']?.trim().toLowerCase() === 'true';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'content-type') {
      collected['Content-Type'] = [value];
    } else if (name.startsWith('upstash-forward-')) {
      addForwarded(collected, name.slice('upstash-forward-'.length), value);
    } else if (forwardAll && !name.startsWith('upstash-') && !NOT_FORWARDED.has(name)) {
      addForwarded(collected, name, value);
    }
  }
  return collected;
}

function addForwarded(target: HeaderMap, rawName: string, value: string): void {
  const name = canonicalHeaderName(rawName);
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch {
    throw badRequest(`forwarded header "${rawName}" has an invalid name or value`);
  }
  target[name] = [value];
}

function parseCallback(headers: LowerCaseHeaders, prefix: string, label: string): CallbackSpec | undefined {
  const url = headers[prefix];
  if (url === undefined) return undefined;
  const retries = headers[`${prefix}-retries`];
  const timeout = headers[`${prefix}-timeout`];
  const delay = headers[`${prefix}-delay`];
  const retryDelay = headers[`${prefix}-retry-delay`];
  const method = parseMethod(headers[`${prefix}-method`], `${label}-Method`);
  const header: HeaderMap = {};
  const forwardPrefix = `${prefix}-forward-`;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name.startsWith(forwardPrefix)) addForwarded(header, name.slice(forwardPrefix.length), value);
  }
  let delayMs: number | undefined;
  if (delay !== undefined) {
    delayMs = parseDelay(delay);
    if (delayMs === undefined) throw badRequest(`${label}-Delay must look like "10s" or "1h", got "${delay}"`);
  }
  return {
    url: parseAbsoluteUrl(url.trim(), label),
    ...(method ? { method } : {}),
    ...(retries !== undefined ? { retries: parseRetries(retries, `${label}-Retries`) } : {}),
    ...(timeout !== undefined ? { timeoutMs: parseTimeoutHeader(timeout, `${label}-Timeout`) } : {}),
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(retryDelay !== undefined ? { retryDelayExpression: parseRetryDelay(retryDelay, `${label}-Retry-Delay`) } : {}),
    header,
  };
}
