import { describe, expect, test } from 'vitest';
import { composePreflightPush } from './preflight-push';
import type { PreflightWarning } from './preflight-dependencies';

const warning: PreflightWarning = {
  memberId: 'm1',
  prebookingId: 'p1',
  className: 'WOD',
  classDay: '2026-12-09',
  classStartTime: '07:00',
  findings: [
    { code: 'password_changed', severity: 'action', message: 'AimHarder no longer accepts your password: sign in again.', detail: {} },
    { code: 'overlap', severity: 'action', message: 'overlap', detail: { day: '2026-12-09', time: '07:00', otherClass: 'Open Box' } },
    { code: 'rule_changed', severity: 'fixed', message: 'fixed', detail: {} },
  ],
  locale: 'en',
  timeZone: 'Europe/Madrid',
  relevantUntilMs: Date.parse('2026-12-07T07:00:00Z'),
};

describe('composePreflightPush', () => {
  test('words the first open finding, counts the rest, offers signing in, keys by the open codes', () => {
    const push = composePreflightPush(warning);
    expect(push.title).toMatch(/^Action needed: WOD, .*07:00$/);
    expect(push.body).toMatch(/^Action needed: AimHarder no longer accepts your password.*\(and 1 more\)$/);
    expect(push.action).toEqual({ title: 'Sign in again', url: '/sign-in' });
    expect(push.warningKey).toBe('overlap-password_changed');
    expect(push.relevantUntilMs).toBe(warning.relevantUntilMs);
  });

  test('in Spanish, and without a sign-in action when the fix is elsewhere', () => {
    const push = composePreflightPush({ ...warning, locale: 'es', findings: [warning.findings[1]!] });
    expect(push.title).toMatch(/^Acción necesaria: WOD/);
    expect(push.body).toMatch(/^Acción necesaria: ya tienes Open Box/);
    expect(push.action).toBeUndefined();
    expect(push.warningKey).toBe('overlap');
  });
});
