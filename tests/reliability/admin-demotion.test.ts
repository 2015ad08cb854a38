/**
 * ADMIN_EMAILS decides admin rights on every request. A member whose stored role says "admin" but
 * who is not on the list (an admin taken off it after signing in: their 30-day cookie lives on)
 * gets nothing an admin gets.
 */
import { expect, test } from 'vitest';
import { newSignedInMember, testDatabase } from '../support/app-client';

test('someone taken off ADMIN_EMAILS loses admin rights with the session they already hold', async () => {
  const member = await newSignedInMember('demoted');
  // As the sign-in of someone then on the list stored it.
  const { error } = await testDatabase().from('members').update({ role: 'admin' }).eq('id', member.id);
  expect(error).toBeNull();

  for (const path of ['/api/admin/stats', '/api/admin/prebookings', '/api/admin/goals']) {
    const response = await member.fetch(path);
    expect(response.status, path).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe('forbidden');
  }
  const page = await member.fetch('/admin', { redirect: 'manual' });
  expect(page.status).toBeGreaterThanOrEqual(300);
  expect(page.status).toBeLessThan(400);
  expect(new URL(page.headers.get('location')!, 'http://x').pathname).toBe('/schedule');
});
