/**
 * What the goals page's settings cards say after their form came back (`/goals?emails=saved`).
 * The address is typed by anyone, so only these words are read from it; anything else says nothing.
 */
export const EMAILS_NOTICES = ['saved', 'error'] as const;
export type EmailsNotice = (typeof EMAILS_NOTICES)[number];

export const CALENDAR_NOTICES = ['created', 'replaced', 'revoked', 'error'] as const;
export type CalendarNotice = (typeof CALENDAR_NOTICES)[number];

const pick = <T extends string>(allowed: readonly T[], value: unknown): T | null =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;

export function readSettingsNotices(params: Record<string, string | string[] | undefined>): { emails: EmailsNotice | null; calendar: CalendarNotice | null } {
  return { emails: pick(EMAILS_NOTICES, params.emails), calendar: pick(CALENDAR_NOTICES, params.calendar) };
}

export function calendarNoticeOf(intent: 'create' | 'replace' | 'revoke'): CalendarNotice {
  return intent === 'create' ? 'created' : intent === 'replace' ? 'replaced' : 'revoked';
}
