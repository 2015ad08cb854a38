import { describe, expect, test } from 'vitest';
import { composePreflightEmail, type PreflightEmailInput } from './preflight-email';

const input: PreflightEmailInput = {
  locale: 'en',
  memberName: 'Ana',
  className: 'WOD',
  boxName: 'Demo Box',
  timeZone: 'Europe/Madrid',
  classDay: '2026-12-08',
  classStartTime: '18:00',
  findings: [{ code: 'password_changed', severity: 'action', message: 'AimHarder refused the stored password.', detail: {} }],
  appBaseUrl: 'http://localhost:3000',
};

describe('the pre-flight email', () => {
  test.each(['en', 'es'] as const)('links straight to My classes, where the fixes are (%s)', (locale) => {
    const email = composePreflightEmail({ ...input, locale });
    expect(email.text).toContain('http://localhost:3000/my-classes');
    expect(email.html).toContain('href="http://localhost:3000/my-classes"');
    expect(email.text + email.html).not.toContain('/prebookings');
  });

  test('names the page as the navigation does', () => {
    expect(composePreflightEmail(input).html).toContain('Open My classes');
    expect(composePreflightEmail({ ...input, locale: 'es' }).html).toContain('Abrir Mis clases');
  });
});
