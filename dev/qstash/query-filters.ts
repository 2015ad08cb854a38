import { badRequest } from './qstash-http-error';

/** One filter per field; values within a field are OR-ed, fields are AND-ed. */
export interface RecordFilter {
  ids?: Set<string>;
  messageIds?: Set<string>;
  urls?: Set<string>;
  hosts?: Set<string>;
  paths?: Set<string>;
  topicNames?: Set<string>;
  queueNames?: Set<string>;
  scheduleIds?: Set<string>;
  labels?: Set<string>;
  flowControlKeys?: Set<string>;
  callerIps?: Set<string>;
  responseStatuses?: Set<number>;
  states?: Set<string>;
  fromDate?: number;
  toDate?: number;
}

export interface ParsedQuery {
  filter: RecordFilter;
  count?: number;
  cursor?: string;
  order?: 'latestFirst' | 'earliestFirst';
  /** True when the request names at least one filter (otherwise "everything"). */
  hasFilter: boolean;
}

/** The fields a stored record exposes to filtering. */
export interface FilterableRecord {
  messageId: string;
  id?: string;
  url: string;
  scheduleId?: string;
  labels?: string[];
  callerIp?: string;
  time: number;
  responseStatus?: number;
  state?: string;
}

export const MESSAGE_CANCEL_QUERY_KEYS = [
  'messageIds',
  'topicName',
  'queueName',
  'url',
  'host',
  'path',
  'label',
  'flowControlKey',
  'scheduleId',
  'callerIp',
  'callerIP',
  'fromDate',
  'toDate',
  'count',
  'cursor',
] as const;

/** The DLQ rejects host/path (SDK filter-types) and any unknown key, so a typo is an error. */
export const DLQ_QUERY_KEYS = [
  'dlqIds',
  'messageId',
  'url',
  'topicName',
  'scheduleId',
  'queueName',
  'fromDate',
  'toDate',
  'responseStatus',
  'callerIp',
  'callerIP',
  'label',
  'flowControlKey',
  'count',
  'cursor',
] as const;

export const EVENT_QUERY_KEYS = [
  'messageIds',
  'messageId',
  'state',
  'url',
  'topicName',
  'scheduleId',
  'queueName',
  'host',
  'path',
  'label',
  'flowControlKey',
  'callerIp',
  'callerIP',
  'fromDate',
  'toDate',
  'count',
  'cursor',
  'order',
] as const;

/** Fields whose values may contain commas themselves, so they are only repeated, never split. */
const UNSPLIT_KEYS = new Set(['url', 'path']);

export function parseFilterQuery(
  params: URLSearchParams,
  allowed: readonly string[],
  endpoint: string,
  maxCount: number,
): ParsedQuery {
  const values = new Map<string, string[]>();
  for (const key of new Set(params.keys())) {
    if (key === 'qstash_token') continue;
    if (!allowed.includes(key)) {
      throw badRequest(`unknown query parameter "${key}" for ${endpoint}; allowed: ${allowed.join(', ')}`);
    }
    const raw = params.getAll(key);
    const list = UNSPLIT_KEYS.has(key) ? raw : raw.flatMap((value) => value.split(','));
    values.set(key, list.map((value) => value.trim()).filter((value) => value !== ''));
  }
  const set = (...keys: string[]): Set<string> | undefined => {
    const merged = keys.flatMap((key) => values.get(key) ?? []);
    return merged.length > 0 ? new Set(merged) : undefined;
  };
  const filter: RecordFilter = {};
  const assign = <K extends keyof RecordFilter>(key: K, value: RecordFilter[K] | undefined) => {
    if (value !== undefined) filter[key] = value;
  };
  assign('ids', set('dlqIds'));
  assign('messageIds', set('messageIds', 'messageId'));
  assign('urls', set('url'));
  assign('hosts', set('host'));
  assign('paths', set('path'));
  assign('topicNames', set('topicName'));
  assign('queueNames', set('queueName'));
  assign('scheduleIds', set('scheduleId'));
  assign('labels', set('label'));
  assign('flowControlKeys', set('flowControlKey'));
  assign('callerIps', set('callerIp', 'callerIP'));
  const states = set('state');
  if (states) filter.states = new Set([...states].map((state) => (state === 'CANCELED' ? 'CANCELLED' : state)));
  const statuses = values.get('responseStatus');
  if (statuses && statuses.length > 0) {
    filter.responseStatuses = new Set(statuses.map((status) => parseInteger(status, 'responseStatus', 100, 999)));
  }
  const fromDate = values.get('fromDate')?.[0];
  if (fromDate !== undefined) filter.fromDate = parseInteger(fromDate, 'fromDate (unix ms)', 0, Number.MAX_SAFE_INTEGER);
  const toDate = values.get('toDate')?.[0];
  if (toDate !== undefined) filter.toDate = parseInteger(toDate, 'toDate (unix ms)', 0, Number.MAX_SAFE_INTEGER);

  const countText = values.get('count')?.[0];
  const cursor = values.get('cursor')?.[0];
  const orderText = values.get('order')?.[0];
  if (orderText !== undefined && orderText !== 'latestFirst' && orderText !== 'earliestFirst') {
    throw badRequest(`order must be "latestFirst" or "earliestFirst", got "${orderText}"`);
  }
  const hasFilter = Object.keys(filter).length > 0;
  return {
    filter,
    hasFilter,
    ...(countText !== undefined ? { count: Math.min(parseInteger(countText, 'count', 1, Number.MAX_SAFE_INTEGER), maxCount) } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
    ...(orderText !== undefined ? { order: orderText as 'latestFirst' | 'earliestFirst' } : {}),
  };
}

function parseInteger(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw badRequest(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

export function matchesFilter(record: FilterableRecord, filter: RecordFilter): boolean {
  if (filter.ids && !(record.id !== undefined && filter.ids.has(record.id))) return false;
  if (filter.messageIds && !filter.messageIds.has(record.messageId)) return false;
  if (filter.urls && !filter.urls.has(record.url)) return false;
  if (filter.hosts || filter.paths) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(record.url);
    } catch {
      return false;
    }
    if (filter.hosts && !filter.hosts.has(parsed.host) && !filter.hosts.has(parsed.hostname)) return false;
    if (filter.paths && !filter.paths.has(parsed.pathname)) return false;
  }
  // This server has no URL groups, queues or flow control: such filters match nothing.
  if (filter.topicNames || filter.queueNames || filter.flowControlKeys) return false;
  if (filter.scheduleIds && !(record.scheduleId !== undefined && filter.scheduleIds.has(record.scheduleId))) return false;
  if (filter.labels && !(record.labels ?? []).some((label) => filter.labels!.has(label))) return false;
  if (filter.callerIps && !(record.callerIp !== undefined && filter.callerIps.has(record.callerIp))) return false;
  if (filter.responseStatuses && !(record.responseStatus !== undefined && filter.responseStatuses.has(record.responseStatus))) {
    return false;
  }
  if (filter.states && !(record.state !== undefined && filter.states.has(record.state))) return false;
  if (filter.fromDate !== undefined && record.time < filter.fromDate) return false;
  if (filter.toDate !== undefined && record.time > filter.toDate) return false;
  return true;
}
