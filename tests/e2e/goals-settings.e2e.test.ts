/**
 * The goals page's two settings cards in Debian Chromium, with and without JavaScript: outcome
 * emails are saved and stay saved; the calendar address is created, replaced (after a second,
 * explicit step) and turned off, and each old address stops answering. Both cards are plain
 * server-rendered forms (the page's JavaScript budget, issue 19), so the same clicks must work
 * either way; only "Copy" needs JavaScript, and it is not shown without it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { newSignedInMemberPage } from './browser-helpers';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const emailsCard = (page: Page) => page.locator('form', { has: page.getByRole('heading', { name: 'Emails about outcomes' }) });
const calendarCard = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: 'Calendar feed' }) });

async function calendarAddress(page: Page): Promise<string> {
  return page.getByLabel('Your calendar address').inputValue();
}

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('the goals page settings cards $label', ({ javaScript }) => {
  test('outcome emails are saved; the calendar address is created, replaced and turned off', async () => {
    const page = await newSignedInMemberPage(browser, javaScript ? 'settings-js' : 'settings-nojs', { javaScript });
    await page.goto('/goals');
    const emails = emailsCard(page);
    await emails.waitFor();
    expect(await emails.getByRole('radio', { name: 'Every outcome (booked, waiting list, failed)' }).isChecked()).toBe(true);

    await emails.getByRole('radio', { name: 'Only when it fails' }).check();
    await emails.getByRole('button', { name: 'Save' }).click();
    await emails.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // Stored, not just drawn: a fresh load of the page shows the saved choice.
    await page.goto('/goals');
    expect(await emailsCard(page).getByRole('radio', { name: 'Only when it fails' }).isChecked()).toBe(true);
    expect(await emailsCard(page).getByRole('status').textContent()).toBe('');

    const calendar = calendarCard(page);
    await calendar.getByText('You have no calendar address.').waitFor();
    await calendar.getByRole('button', { name: 'Create my calendar address' }).click();
    await calendar.getByRole('status').filter({ hasText: 'Your calendar address is ready.' }).waitFor();
    const first = await calendarAddress(page);
    expect(first).toMatch(/^http:\/\/.+\/api\/calendar\/.+\.ics$/);
    expect((await page.request.get(first)).status()).toBe(200);
    // "Copy" is offered only where it can work.
    await expect(calendar.getByRole('button', { name: 'Copy', exact: true }).count()).resolves.toBe(javaScript ? 1 : 0);
    if (javaScript) {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await calendar.getByRole('button', { name: 'Copy', exact: true }).click();
      await calendar.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
    }

    // Replacing takes a second, explicit step that says what it costs.
    await expect(calendar.getByRole('button', { name: 'Yes, replace it' }).isVisible()).resolves.toBe(false);
    await calendar.getByText('Replace with a new address').click();
    await calendar.getByText('The current address stops working: calendars subscribed to it stop updating.').waitFor();
    await calendar.getByRole('button', { name: 'Yes, replace it' }).click();
    await calendar.getByRole('status').filter({ hasText: 'New address ready. The old one no longer works.' }).waitFor();
    const second = await calendarAddress(page);
    expect(second).not.toBe(first);
    expect((await page.request.get(first)).status()).toBe(404);
    expect((await page.request.get(second)).status()).toBe(200);

    await calendar.getByRole('button', { name: 'Turn off' }).click();
    await calendar.getByRole('status').filter({ hasText: 'Calendar address turned off. The old one no longer works.' }).waitFor();
    await calendar.getByText('You have no calendar address.').waitFor();
    expect((await page.request.get(second)).status()).toBe(404);
    await page.context().close();
  });

  test('a tampered choice is refused with a message, and the stored one stays', async () => {
    const page = await newSignedInMemberPage(browser, javaScript ? 'settings-bad-js' : 'settings-bad-nojs', { javaScript });
    await page.goto('/goals');
    const emails = emailsCard(page);
    await emails.getByRole('radio', { name: 'No emails' }).check();
    // What a crafted post would send: a value that is none of the options.
    await emails.getByRole('radio', { name: 'No emails' }).evaluate((radio) => ((radio as HTMLInputElement).value = 'sometimes'));
    await emails.getByRole('button', { name: 'Save' }).click();
    await emails.getByRole('status').filter({ hasText: 'Something went wrong. Please try again.' }).waitFor();
    await page.goto('/goals');
    expect(await emailsCard(page).getByRole('radio', { name: 'Every outcome (booked, waiting list, failed)' }).isChecked()).toBe(true);

    await calendarCard(page).getByRole('button', { name: 'Create my calendar address' }).evaluate((button) => ((button as HTMLButtonElement).value = 'steal'));
    await calendarCard(page).getByRole('button', { name: 'Create my calendar address' }).click();
    await calendarCard(page).getByRole('status').filter({ hasText: 'Something went wrong. Please try again.' }).waitFor();
    await calendarCard(page).getByText('You have no calendar address.').waitFor();
    await page.context().close();
  });

  test('a signed-out member saving outcome emails is sent to sign in, with the goals page to come back to', async () => {
    const page = await newSignedInMemberPage(browser, javaScript ? 'settings-out-js' : 'settings-out-nojs', { javaScript });
    await page.goto('/goals');
    await emailsCard(page).waitFor();
    // Signed out in another tab: the session cookie is gone when the form is sent.
    await page.context().clearCookies();
    await emailsCard(page).getByRole('radio', { name: 'No emails' }).check();
    await emailsCard(page).getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.searchParams.get('next') === '/goals');
    await page.context().close();
  });
});
