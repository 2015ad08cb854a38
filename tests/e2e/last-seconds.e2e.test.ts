/**
 * Issue 19, items 5 and 6, in Debian Chromium against the whole local stack: what a class card
 * says in its last seconds, and a schedule left open past midnight. The browser's clock is fixed
 * at chosen instants (playwright's `page.clock.setFixedTime`: `Date` reads that instant while the
 * timers keep running), so the page is looked at exactly 1.97 s before an opening, or just inside
 * the commit window; the server keeps its real clock.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseEnv } from '../../core/config/env';
import { classStartInstant } from '../../modules/aimharder';
import { addDays, dayInZone, formatDayLong } from '../../modules/i18n';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';
import { classCard, createDemoBoxClass, newSignedInMemberPage, opensInMsForNextWholeMinute, saveScreenshots } from './browser-helpers';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const card = classCard;
const signedInPage = (label: string): Promise<Page> => newSignedInMemberPage(browser, label, { timezoneId: 'America/New_York' });

/** The prebooking on a class card, as the API shows it to its member. */
async function prebookingOf(page: Page, classId: string): Promise<{ id: string; availableAt: string; fireAt: string }> {
  const id = await card(page, classId).locator('input[name="prebookingId"]').inputValue();
  const response = await page.request.get(`/api/prebookings/${id}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { prebooking: { id: string; availableAt: string; fireAt: string } }).prebooking;
}

describe('the last seconds before an opening', () => {
  test('the countdown is rounded to the nearest second: 1.97 s left reads 00:02, and at the opening the card offers Book', async () => {
    const page = await signedInPage('countdown');
    const later = await createDemoBoxClass({ opensInMs: 40 * 60_000, name: 'E2E COUNTDOWN' });
    await page.clock.setFixedTime(later.opensAtMs - 1_970);
    await page.goto(`/schedule?box=10122&day=${later.day}`);
    const timer = card(page, later.id).getByRole('timer');
    await timer.waitFor();
    expect(await timer.innerText()).toBe('in 00:02');

    await page.clock.setFixedTime(later.opensAtMs - 61_400);
    await timer.filter({ hasText: 'in 01:01' }).waitFor();

    // Opened while the page was open: no countdown left, and the one action that works now.
    await page.clock.setFixedTime(later.opensAtMs + 200);
    await card(page, later.id).getByRole('button', { name: /^Book\b/ }).waitFor();
    expect(await timer.count()).toBe(0);
    await card(page, later.id).locator('.badge', { hasText: 'Open for booking' }).waitFor();
  });

  test('inside the commit window the card says one thing ("Booking now") and offers no Cancel; before it, the countdown and Cancel', async () => {
    const page = await signedInPage('last-seconds');
    const later = await createDemoBoxClass({ opensInMs: 45 * 60_000, name: 'E2E LAST SECONDS' });
    await page.goto(`/schedule?box=10122&day=${later.day}`);
    const target = card(page, later.id);
    await target.getByRole('button', { name: /^Prebook\b/ }).click();
    await target.locator('.badge', { hasText: 'Prebooked' }).waitFor();
    const prebooking = await prebookingOf(page, later.id);
    const commitMs = parseEnv(getTestStack().env).PREBOOKING_FIRE_COMMIT_MS;
    const cancellableUntil = Date.parse(prebooking.fireAt) - commitMs;

    // A second before the window closes: the countdown, and Cancel still works.
    await page.clock.setFixedTime(cancellableUntil - 1_000);
    await target.getByRole('timer').filter({ hasText: /^in 00:\d\d$/ }).waitFor();
    await target.getByRole('button', { name: /^Cancel prebooking/ }).waitFor();
    expect(await target.locator('.badge').allInnerTexts()).toEqual(['Prebooked']);

    // Inside it: the badge and the text agree, no countdown, and no Cancel the server would refuse.
    for (const instant of [cancellableUntil + 200, Date.parse(prebooking.availableAt) - 1_970]) {
      await page.clock.setFixedTime(instant);
      await target.locator('.badge', { hasText: 'Booking now' }).waitFor();
      await target.getByText('Booking at the opening instant…').waitFor();
      expect(await target.locator('.badge').allInnerTexts()).toEqual(['Booking now']);
      expect(await target.getByRole('timer').count()).toBe(0);
      expect(await target.innerText()).not.toMatch(/\bin \d\d:\d\d\b/);
      expect(await target.getByRole('button', { name: /^Cancel prebooking/ }).count()).toBe(0);
    }
    await saveScreenshots(page, 'schedule-last-seconds');

    // My classes agrees.
    await page.goto('/my-classes');
    const mine = page.locator('article.prebooking-card', { hasText: 'E2E LAST SECONDS' }).first();
    await mine.locator('.badge', { hasText: 'Booking now' }).waitFor();
    expect(await mine.getByRole('timer').count()).toBe(0);
    expect(await mine.getByRole('button', { name: /^Cancel prebooking/ }).count()).toBe(0);
    await page.clock.setFixedTime(cancellableUntil - 1_000);
    await mine.getByRole('button', { name: /^Cancel prebooking/ }).waitFor();
    await mine.getByRole('timer').waitFor();
  });

  test('once booked, the card no longer says "Prebooked…"', { timeout: 150_000 }, async () => {
    const page = await signedInPage('booked-card');
    const soon = await createDemoBoxClass({ opensInMs: opensInMsForNextWholeMinute(), name: 'E2E BOOKED CARD' });
    await page.goto(`/schedule?box=10122&day=${soon.day}`);
    const target = card(page, soon.id);
    await target.getByRole('button', { name: /^Prebook\b/ }).click();
    await target.getByRole('status').filter({ hasText: /Prebooked\. Prebooker will book it at/ }).waitFor();

    // The page refreshes itself around the opening: no reload here.
    await target.locator('.badge', { hasText: /^Booked$/ }).waitFor({ timeout: soon.opensAtMs - Date.now() + 60_000 });
    expect(await target.innerText()).not.toMatch(/Prebooked|Prebooker will book it|Booking now|Booking at the opening/);
    await target.getByRole('button', { name: /^Cancel booking/ }).waitFor();
  });
});

describe('a schedule left open past midnight', () => {
  test('labels the new day "Today" and no longer offers yesterday', async () => {
    const page = await signedInPage('midnight');
    const today = dayInZone(Date.now(), 'Europe/Madrid');
    const tomorrow = addDays(today, 1);
    const midnight = classStartInstant(tomorrow, '00:00', 'Europe/Madrid').getTime();
    await page.clock.setFixedTime(midnight - 2_000);
    await page.goto(`/schedule?box=10122&day=${tomorrow}`);
    const strip = page.getByRole('navigation', { name: 'Choose a day' });
    const dayLink = (day: string) => strip.getByRole('link', { name: formatDayLong(day, 'en'), exact: true });
    await dayLink(today).filter({ hasText: 'Today' }).waitFor();
    expect(await dayLink(tomorrow).innerText()).not.toContain('Today');

    await page.clock.setFixedTime(midnight + 1_000);
    await dayLink(tomorrow).filter({ hasText: 'Today' }).waitFor();
    expect(await dayLink(today).count()).toBe(0);
    expect(await strip.getByText('Today').count()).toBe(1);
  });
});
