/**
 * "Needs attention" and "Retry now": a failed prebooking whose class has not started is listed on
 * the health page, and retrying it books the class through the normal execution path.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { getPrebooking, newSignedInMember, testDatabase, waitForTerminal } from '../support/app-client';
import { ADMIN, createDemoBoxClass, newPhoneContext, signInThroughForm } from './browser-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('an admin retries a failed prebooking from the health page and it books', { timeout: 60_000 }, async () => {
  const member = await newSignedInMember('retry');
  // Open now, starting in four days: a prebooking for it that "failed" can still be retried.
  const simClass = await createDemoBoxClass({ opensInMs: -1, name: 'E2E RETRY' });
  const { data, error } = await testDatabase()
    .from('prebookings')
    .insert({
      member_id: member.id,
      box_id: 10122,
      aimharder_class_id: simClass.id,
      class_day: simClass.day,
      class_start_time: simClass.time,
      class_starts_at: new Date(simClass.startsAtMs).toISOString(),
      class_name: 'E2E RETRY',
      available_at: simClass.opensAt,
      fire_at: simClass.opensAt,
      status: 'failed',
      result_code: 'delivery_failed',
      result_message: 'We could not book it: AimHarder or our booking service kept failing after every retry.',
    })
    .select('id')
    .single();
  expect(error).toBeNull();
  const prebookingId = (data as { id: string }).id;

  const page = await (await newPhoneContext(browser)).newPage();
  await signInThroughForm(page, ADMIN.email, ADMIN.password);
  await page.waitForURL('**/schedule');
  await page.goto('/admin');
  const item = page.locator(`li[data-prebooking-id="${prebookingId}"]`);
  // The badge says "Failed"; the reason adds only what it does not (it read "Failed Failed, …").
  await item.getByText('class not started yet: can be retried').waitFor();
  expect(await item.innerText()).not.toMatch(/Failed\s+Failed/);
  await item.getByRole('button', { name: /^Retry now/ }).click();
  await item.getByRole('status').filter({ hasText: 'Retry scheduled' }).waitFor();

  const done = await waitForTerminal(member, prebookingId, 20_000);
  expect(done.status).toBe('completed');
  expect(done.resultCode).toBe('booked');
  const { events } = await getPrebooking(member, prebookingId);
  expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['retried_by_admin', 'fired', 'completed']));

  await page.reload();
  await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
  expect(await page.locator(`li[data-prebooking-id="${prebookingId}"]`).count()).toBe(0);
});
