/**
 * Helpers for the goals, notifications and calendar integration tests: MailDev's inbox, goals over
 * the API, simulator members with special plans, QStash message lookups and an RFC 5545 checker.
 */
import { getTestStack } from '../support/test-stack';
import { waitFor, type SignedInMember, type SimClass } from '../support/app-client';

export interface InboxEmail {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: Array<{ address: string; name: string }>;
  headers: Record<string, string>;
}

function mailUrl(): string {
  const { urls } = getTestStack();
  if (!urls.mail) throw new Error('the test stack has no MailDev (urls.mail missing)');
  return urls.mail;
}

/** Every email MailDev caught for this address (its REST API: GET /api/email?to.address=). */
export async function emailsTo(address: string): Promise<InboxEmail[]> {
  const response = await fetch(`${mailUrl()}/api/email?${new URLSearchParams({ 'to.address': address })}`);
  if (!response.ok) throw new Error(`MailDev answered ${response.status}`);
  return (await response.json()) as InboxEmail[];
}

export async function waitForEmails(address: string, count: number, timeoutMs = 20_000): Promise<InboxEmail[]> {
  return waitFor(
    async () => {
      const emails = await emailsTo(address);
      return emails.length >= count ? emails : null;
    },
    timeoutMs,
    `${count} email(s) to ${address}`,
  );
}

/** ISO date of a simulator class (the simulator may speak AimHarder's YYYYMMDD). */
export function isoDay(day: string): string {
  return /^\d{8}$/.test(day) ? `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}` : day;
}

export function isoWeekdayOf(day: string): number {
  const weekday = new Date(`${isoDay(day)}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export interface GoalJson {
  id: string;
  weekdays: number[];
  startTime: string;
  className: string;
  active: boolean;
  prebookings: Array<{ id: string; status: string; classDay: string; classStartTime: string; className: string; resultCode: string | null }>;
  occurrences: Array<{ classDay: string; outcome: string; detail: string; prebookingId: string | null; classId: string | null }>;
}

export interface SaveGoalJson {
  goal: GoalJson;
  run: { created: number; evaluated: number; note: string | null };
  cancelled: number;
}

export async function createGoalFor(member: SignedInMember, body: Record<string, unknown>): Promise<SaveGoalJson> {
  const response = await member.fetch('/api/goals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ boxId: 10122, ...body }) });
  if (response.status !== 201) throw new Error(`goal not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as SaveGoalJson;
}

export async function updateGoalFor(member: SignedInMember, goalId: string, patch: Record<string, unknown>): Promise<SaveGoalJson> {
  const response = await member.fetch(`/api/goals/${goalId}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  if (!response.ok) throw new Error(`goal not updated: ${response.status} ${await response.text()}`);
  return (await response.json()) as SaveGoalJson;
}

/** A goal for exactly this simulator class: its weekday, time and (unique) name. */
export function goalFor(simClass: SimClass, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { weekdays: [isoWeekdayOf(simClass.day)], startTime: simClass.time, className: name, classNameMatch: 'contains', ...extra };
}

/** The status of a QStash message on dev/qstash: 200 while pending, 404 once cancelled or delivered. */
export async function qstashMessageStatus(messageId: string): Promise<number> {
  const { urls, env } = getTestStack();
  const response = await fetch(`${urls.qstash}/v2/messages/${messageId}`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` } });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until dev/qstash's log shows the message DELIVERED (our route answered 2xx). */
export async function waitForDelivered(messageId: string, timeoutMs = 15_000): Promise<void> {
  const { urls, env } = getTestStack();
  await waitFor(
    async () => {
      const response = await fetch(`${urls.qstash}/v2/events?messageIds=${encodeURIComponent(messageId)}`, { headers: { authorization: `Bearer ${env.QSTASH_TOKEN}` } });
      const body = (await response.json()) as { events?: Array<{ state: string }> };
      return (body.events ?? []).some((event) => event.state === 'DELIVERED');
    },
    timeoutMs,
    `QStash message ${messageId} to be delivered`,
  );
}

export interface ICalEvent {
  [property: string]: string;
}

/**
 * Checks the RFC 5545 rules a calendar app relies on and returns the events: CRLF line breaks,
 * lines of at most 75 octets (folded with a leading space), balanced BEGIN/END, VERSION:2.0 and one
 * PRODID on the calendar, and on each VEVENT exactly one UID, DTSTAMP and DTSTART, valid UTC
 * date-times, and DTEND after DTSTART. Throws with every problem found.
 */
export function validateICal(ics: string): ICalEvent[] {
  const problems: string[] = [];
  if (/[^\r]\n/.test(ics) || /\r(?!\n)/.test(ics)) problems.push('line breaks must be CRLF');
  const physical = ics.split('\r\n');
  if (physical.at(-1) === '') physical.pop();
  physical.forEach((line, index) => {
    if (Buffer.byteLength(line, 'utf8') > 75) problems.push(`line ${index + 1} is longer than 75 octets`);
  });
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
  const stack: string[] = [];
  const events: ICalEvent[] = [];
  const calendarProps: Record<string, number> = {};
  let current: ICalEvent | null = null;
  const counts: Record<string, number> = {};
  const dateTime = /^\d{8}T\d{6}Z$/;
  for (const line of lines) {
    const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,]*)(?:,(?:"[^"]*"|[^;:,]*))*)*):(.*)$/.exec(line);
    if (!match) {
      problems.push(`not a content line: ${line.slice(0, 40)}`);
      continue;
    }
    const [, rawName, , value] = match as unknown as [string, string, string, string];
    const name = rawName.toUpperCase();
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') {
        current = {};
        for (const key of Object.keys(counts)) delete counts[key];
      }
      continue;
    }
    if (name === 'END') {
      if (stack.pop() !== value) problems.push(`END:${value} does not close the open component`);
      if (value === 'VEVENT' && current) {
        for (const required of ['UID', 'DTSTAMP', 'DTSTART']) if (counts[required] !== 1) problems.push(`a VEVENT has ${counts[required] ?? 0} ${required}`);
        for (const key of ['DTSTAMP', 'DTSTART', 'DTEND']) if (current[key] && !dateTime.test(current[key]!)) problems.push(`${key} ${current[key]} is not a UTC date-time`);
        if (current.DTEND && current.DTSTART && current.DTEND <= current.DTSTART) problems.push(`DTEND is not after DTSTART in ${current.UID}`);
        events.push(current);
        current = null;
      }
      continue;
    }
    if (current) {
      current[name] = value;
      counts[name] = (counts[name] ?? 0) + 1;
    } else if (stack.length === 1 && stack[0] === 'VCALENDAR') {
      calendarProps[name] = (calendarProps[name] ?? 0) + 1;
      if (name === 'VERSION' && value !== '2.0') problems.push(`VERSION is ${value}`);
    }
  }
  if (lines[0] !== 'BEGIN:VCALENDAR' || lines.at(-1) !== 'END:VCALENDAR') problems.push('not wrapped in BEGIN/END:VCALENDAR');
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (calendarProps.VERSION !== 1) problems.push('VCALENDAR needs exactly one VERSION');
  if (calendarProps.PRODID !== 1) problems.push('VCALENDAR needs exactly one PRODID');
  if (problems.length > 0) throw new Error(`invalid iCalendar:\n  ${problems.join('\n  ')}`);
  return events;
}

/** RFC 5545 UTC date-time of an ISO instant (20270329T160000Z). */
export function icalDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
