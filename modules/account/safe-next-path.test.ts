import { describe, expect, test } from 'vitest';
import { safeNextPath } from './safe-next-path';

test('after signing in, only a path on this site is followed', () => {
  expect(safeNextPath('/prebookings')).toBe('/prebookings');
  expect(safeNextPath('/admin/prebookings?status=failed')).toBe('/admin/prebookings?status=failed');
  expect(safeNextPath('/goals#calendar')).toBe('/goals#calendar');
  expect(safeNextPath('https://evil.example')).toBe('/schedule');
  expect(safeNextPath('//evil.example')).toBe('/schedule');
  expect(safeNextPath('/\\evil.example')).toBe('/schedule');
  expect(safeNextPath('/sign-in')).toBe('/schedule');
  expect(safeNextPath(null)).toBe('/schedule');
});

describe('values that browsers turn into another origin are refused', () => {
  // Each of these, used as a Location, leaves the site in a browser (tabs, CR and LF are stripped,
  // a backslash is a slash) or runs script.
  test.each([
    '/\t/evil.example/login',
    '/\r/evil.example/login',
    '/\n/evil.example/login',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\/evil.example',
    '/\\\\evil.example',
    '/%09/evil.example/login',
    '/%0d/evil.example',
    '/%0A/evil.example',
    '/%5c/evil.example',
    '/%2F/evil.example',
    '/%E0%A4%A',
    'javascript:alert(1)',
    '/javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '/\u0085/evil.example',
    '/../../evil.example',
    '/schedule/../../\t/evil.example',
    'evil.example',
    '',
  ])('%j → the schedule', (value) => {
    expect(safeNextPath(value)).toBe('/schedule');
  });
});

test('only the signed-in sections are destinations; what comes back is the normalised path', () => {
  expect(safeNextPath('/api/auth/sign-out')).toBe('/schedule');
  expect(safeNextPath('/schedule/../admin')).toBe('/admin');
  expect(safeNextPath('/scheduleX')).toBe('/schedule');
  expect(safeNextPath('/')).toBe('/schedule');
});
