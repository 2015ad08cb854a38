import { expect, test } from 'vitest';
import { safeNextPath } from './safe-next-path';

test('after signing in, only a path on this site is followed', () => {
  expect(safeNextPath('/prebookings')).toBe('/prebookings');
  expect(safeNextPath('/admin/prebookings?status=failed')).toBe('/admin/prebookings?status=failed');
  expect(safeNextPath('https://evil.example')).toBe('/schedule');
  expect(safeNextPath('//evil.example')).toBe('/schedule');
  expect(safeNextPath('/\\evil.example')).toBe('/schedule');
  expect(safeNextPath('/sign-in')).toBe('/schedule');
  expect(safeNextPath(null)).toBe('/schedule');
});
