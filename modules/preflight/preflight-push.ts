import type { PreflightWarningPush } from '@/modules/notifications';
import { formatDayLong } from '@/modules/i18n';
import type { PreflightWarning } from './preflight-dependencies';
import { describeFinding, fixesFor } from './preflight-texts';

/** The pre-flight warning as a push (issue 18's channel): the first open finding, and its one-tap fix. */
export function composePreflightPush(warning: PreflightWarning): PreflightWarningPush {
  const es = warning.locale === 'es';
  const open = warning.findings.filter((finding) => finding.severity === 'action');
  const first = open[0];
  const when = `${formatDayLong(warning.classDay, warning.locale)} ${warning.classStartTime}`;
  const more = open.length > 1 ? (es ? ` (y ${open.length - 1} más)` : ` (and ${open.length - 1} more)`) : '';
  const signIn = first ? fixesFor(first).includes('sign_in') : false;
  return {
    memberId: warning.memberId,
    prebookingId: warning.prebookingId,
    warningKey: open.map((finding) => finding.code).sort().join('-') || 'preflight',
    locale: warning.locale,
    title: es ? `Acción necesaria: ${warning.className}, ${when}` : `Action needed: ${warning.className}, ${when}`,
    body: (first ? describeFinding(first, warning.locale, warning.timeZone, warning.className) : '') + more,
    ...(signIn ? { action: { title: es ? 'Volver a iniciar sesión' : 'Sign in again', url: '/sign-in' } } : {}),
    relevantUntilMs: warning.relevantUntilMs,
  };
}
