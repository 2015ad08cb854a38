import type { Locale } from '@/modules/i18n';
import type { Database } from '@/core/database/admin-client';
import { listOpenPreflights, listPreflights } from './preflight.repository';
import type { Preflight, PreflightState } from './preflight.schema';
import { describeClear, describeFinding, fixesFor, type PreflightFix } from './preflight-texts';

/** A prebooking's pre-flight as the member reads it: a state, each finding in words, and its fixes. */
export interface PreflightCard {
  state: PreflightState;
  checkedAt: string;
  summary: string | null;
  findings: Array<{ code: string; severity: 'action' | 'fixed'; text: string }>;
  fixes: PreflightFix[];
}

export function toPreflightCard(preflight: Preflight, locale: Locale, timeZone: string, className: string): PreflightCard {
  const fixes = [...new Set(preflight.findings.flatMap(fixesFor))];
  return {
    state: preflight.state,
    checkedAt: preflight.checkedAt,
    summary: preflight.state === 'ok' ? describeClear(preflight.checkedAt, locale, timeZone) : null,
    findings: preflight.findings.map((finding) => ({ code: finding.code, severity: finding.severity, text: describeFinding(finding, locale, timeZone, className) })),
    fixes,
  };
}

export async function preflightsByPrebooking(db: Database, prebookingIds: string[]): Promise<Map<string, Preflight>> {
  return new Map((await listPreflights(db, prebookingIds)).map((preflight) => [preflight.prebookingId, preflight]));
}

/** Prebookings with open findings, firing soonest first: the admin's "needs attention" leads with them. */
export function listOpenPreflightFindings(db: Database, limit = 200): Promise<Preflight[]> {
  return listOpenPreflights(db, limit);
}
