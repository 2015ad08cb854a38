import { z } from 'zod';

/** The body of a pre-flight QStash message: which prebooking, checked for which fire instant. */
export const preflightPayloadSchema = z.strictObject({
  prebookingId: z.uuid({ message: 'must be a prebooking id' }),
  fireAt: z.iso.datetime({ message: 'must be an ISO instant', offset: true }),
});
export type PreflightPayload = z.infer<typeof preflightPayloadSchema>;

/** What a member may ask of a pre-flight finding: check again now, or move to the class's new time. */
export const preflightActionSchema = z.strictObject({
  action: z.enum(['recheck', 'move'], { message: 'must be "recheck" or "move"' }),
});
export type PreflightAction = z.infer<typeof preflightActionSchema>['action'];

export const FINDING_CODES = [
  'password_changed',
  'credentials_missing',
  'class_cancelled',
  'class_moved',
  'overlap',
  'already_booked',
  'not_in_plan',
  'rule_changed',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** `action`: the member must do something; `fixed`: Prebooker fixed it and says so. */
export type FindingSeverity = 'action' | 'fixed';

export interface PreflightFinding {
  code: FindingCode;
  severity: FindingSeverity;
  /** English, for logs, emails and admins; the member UI words it per locale from code + detail. */
  message: string;
  detail: Record<string, string | number | boolean | null>;
}

export type PreflightState = 'ok' | 'action_needed' | 'fixed';

export interface Preflight {
  prebookingId: string;
  memberId: string;
  fireAt: string;
  state: PreflightState;
  findings: PreflightFinding[];
  checkedAt: string;
  notifiedKey: string | null;
}

export function stateOf(findings: PreflightFinding[]): PreflightState {
  if (findings.some((finding) => finding.severity === 'action')) return 'action_needed';
  return findings.length > 0 ? 'fixed' : 'ok';
}

/** What the member was emailed about: the fire instant and the open findings' codes. */
export function notificationKeyOf(fireAt: string, findings: PreflightFinding[]): string | null {
  const codes = findings.filter((finding) => finding.severity === 'action').map((finding) => finding.code).sort();
  return codes.length === 0 ? null : `${new Date(fireAt).getTime()}:${codes.join(',')}`;
}
