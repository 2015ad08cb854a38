/**
 * A member's and an admin's journey through the web app in Debian Chromium, against the whole local
 * stack (Next, the database, dev/qstash, the AimHarder simulator). The tests share one browser
 * session and run in order: the prebooking made in one is the one the admin inspects later.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SimClass } from '../support/app-client';
import { launchBrowser } from '../support/browser';
import {
  ADMIN,
  DEMO,
  createDemoBoxClass,
  madridDayAndTime,
  newPhoneContext,
  opensInMsForNextWholeMinute,
  saveScreenshots,
  signInThroughForm,
} from './browser-helpers';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let prebooked: SimClass | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newPhoneContext(browser);
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

const card = (classId: string) => page.locator(`article[data-class-id="${classId}"]`);
const scheduleOf = (day: string) => page.goto(`/schedule?box=10122&day=${day}`);

describe('a member', () => {
  test('an anonymous visitor of a member page is sent to sign in, then lands where they were going', async () => {
    await page.goto('/prebookings');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText(/stores your AimHarder email, password and session encrypted/i).waitFor();
    await saveScreenshots(page, 'sign-in');
    await page.getByRole('textbox', { name: /email/i }).fill(DEMO.email);
    await page.getByRole('textbox', { name: /password|contraseña/i }).fill(DEMO.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    // My prebookings became My classes: the old address lands there.
    await page.waitForURL('**/my-classes');
    await page.getByRole('heading', { name: 'My classes', exact: true }).waitFor();
  });

  test('books an open class from the schedule and cancels it, without reloading the page', async () => {
    await page.goto('/schedule');
    await page.getByRole('heading', { name: 'Schedule', exact: true }).waitFor();
    // Two days ahead is inside the demo box's 4-day window: open, and not starting soon.
    await page.locator('.day-strip li').nth(2).locator('a').click();
    await page.waitForURL(/day=/);
    await page.getByText(/Times in Europe\/Madrid \(CES?T\)/).waitFor();
    await saveScreenshots(page, 'schedule');

    const bookable = page.locator('article.class-card', { has: page.getByRole('button', { name: /^Book\b/ }) }).first();
    const classId = await bookable.getAttribute('data-class-id');
    expect(classId).toBeTruthy();
    const marker = await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = Math.random()));
    await card(classId!).getByRole('button', { name: /^Book\b/ }).click();
    await card(classId!).getByRole('status').filter({ hasText: /Booked/ }).waitFor();
    await card(classId!).locator('.badge', { hasText: 'Booked' }).waitFor();

    await card(classId!).getByRole('button', { name: /^Cancel booking/ }).click();
    await card(classId!).getByRole('status').filter({ hasText: 'Booking cancelled.' }).waitFor();
    await card(classId!).getByRole('button', { name: /^Book\b/ }).waitFor();
    // Same document throughout: the actions updated the page in place.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(marker);
  });

  test('a late cancellation asks for confirmation first', async () => {
    // Starts in ~70 minutes: bookable (15 min notice) but inside the 90-minute late-cancel window.
    const start = madridDayAndTime(Date.now() + 70 * 60_000);
    const lateClass = await createDemoBoxClass({ day: start.day, time: start.time, opensInMs: -1, name: 'E2E LATE CANCEL' });
    await scheduleOf(lateClass.day);
    await card(lateClass.id).getByRole('button', { name: /^Book\b/ }).click();
    await card(lateClass.id).locator('.badge', { hasText: 'Booked' }).waitFor();

    await card(lateClass.id).getByRole('button', { name: /^Cancel booking/ }).click();
    const confirmation = card(lateClass.id).getByRole('alertdialog');
    await confirmation.getByText(/too late to cancel for free/).waitFor();
    await confirmation.getByRole('button', { name: 'Cancel anyway', exact: true }).click();
    await card(lateClass.id).getByRole('status').filter({ hasText: 'Booking cancelled.' }).waitFor();
  });

  test('prebooks a class that opens shortly and watches it become booked on My prebookings', { timeout: 150_000 }, async () => {
    prebooked = await createDemoBoxClass({ opensInMs: opensInMsForNextWholeMinute(), name: 'E2E PREBOOK' });
    await scheduleOf(prebooked.day);
    const target = card(prebooked.id);
    // The opening is shown in the box's zone (the browser is in New York) with a live countdown.
    const opening = madridDayAndTime(prebooked.opensAtMs);
    await target.getByText(new RegExp(`Booking opens .*${opening.time} CES?T`)).waitFor();
    await target.getByRole('timer').waitFor();
    await target.getByRole('button', { name: /^Prebook\b/ }).click();
    await target.getByRole('status').filter({ hasText: /Prebooked\. Prebooker will book it at/ }).waitFor();
    await target.locator('.badge', { hasText: 'Prebooked' }).waitFor();

    await page.getByRole('link', { name: 'My classes', exact: true }).click();
    await page.waitForURL('**/my-classes');
    const mine = page.locator('article.prebooking-card', { hasText: 'E2E PREBOOK' }).first();
    await mine.locator('.badge', { hasText: 'Scheduled' }).waitFor();
    await mine.getByRole('timer').waitFor();
    await saveScreenshots(page, 'my-prebookings-waiting');

    const waitMs = prebooked.opensAtMs - Date.now() + 30_000;
    await mine.locator('.badge', { hasText: 'Booked' }).waitFor({ timeout: waitMs });
    const outcome = await mine.locator('.prebooking-card__outcome').innerText();
    expect(outcome).toMatch(/^Booked \d+(\.\d)? ms after opening\.$/);
    await saveScreenshots(page, 'my-prebookings');
    await saveScreenshots(page, 'my-classes');
  });

  test('cancels a prebooking from My prebookings', async () => {
    // Hours after E2E PREBOOK's class: one at the same hour is refused at creation (AimHarder allows one per hour).
    const later = await createDemoBoxClass({ opensInMs: 3 * 60 * 60_000, name: 'E2E TO CANCEL' });
    await scheduleOf(later.day);
    await card(later.id).getByRole('button', { name: /^Prebook\b/ }).click();
    await card(later.id).locator('.badge', { hasText: 'Prebooked' }).waitFor();

    await page.goto('/prebookings');
    await page.waitForURL('**/my-classes');
    const mine = page.locator('article.prebooking-card', { hasText: 'E2E TO CANCEL' }).first();
    await mine.getByRole('button', { name: /^Cancel prebooking/ }).click();
    await mine.locator('.badge', { hasText: 'Cancelled' }).waitFor();
    await mine.getByText('You cancelled this prebooking.').waitFor();

    await scheduleOf(later.day);
    await card(later.id).getByRole('button', { name: /^Prebook\b/ }).waitFor();
  });

  test('switches to Spanish and back', async () => {
    await page.goto('/prebookings');
    await page.getByRole('button', { name: 'Español', exact: true }).click();
    await page.getByRole('heading', { name: 'Mis clases', exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    const booked = page.locator('article.prebooking-card', { hasText: 'E2E PREBOOK' }).first();
    await booked.getByText(/^Reservada \d+(,\d)? ms después de la apertura\.$/).waitFor();
    await saveScreenshots(page, 'my-classes-es');
    await page.getByRole('link', { name: 'Horario', exact: true }).click();
    await page.getByRole('heading', { name: 'Horario', exact: true }).waitFor();
    await page.getByText(/Horas en Europe\/Madrid/).waitFor();
    await saveScreenshots(page, 'schedule-es');
    // The choice is remembered across visits.
    await page.reload();
    await page.getByRole('heading', { name: 'Horario', exact: true }).waitFor();
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Schedule', exact: true }).waitFor();
  });
});

describe('an admin', () => {
  let adminPage: Page;

  beforeAll(async () => {
    const adminContext = await newPhoneContext(browser);
    adminPage = await adminContext.newPage();
  });

  test('a member cannot open the admin pages', async () => {
    await page.goto('/admin');
    expect(new URL(page.url()).pathname).toBe('/schedule');
    expect(await page.getByRole('link', { name: 'Health', exact: true }).count()).toBe(0);
  });

  test('sees execution health and the prebooking with its fire offset', async () => {
    expect(prebooked, 'the prebooking test ran first').toBeDefined();
    await signInThroughForm(adminPage, ADMIN.email, ADMIN.password);
    await adminPage.waitForURL('**/schedule');
    await adminPage.getByRole('link', { name: 'Health', exact: true }).click();
    await adminPage.getByRole('heading', { name: 'Execution health', exact: true }).waitFor();
    const p50 = adminPage.locator('.tile', { hasText: 'p50' }).locator('dd').first();
    // A duration: the shared test stack also holds the fault suite's prebookings, fired minutes late
    // on purpose, so the median may be minutes; this prebooking's own offset is checked below.
    expect(await p50.innerText()).toMatch(/^(\d+(\.\d+)? m?s|\d+ min \d+ s|\d+(\.\d)? h)$/);
    await adminPage.getByRole('img', { name: /Distribution of fire offsets/ }).waitFor();
    await saveScreenshots(adminPage, 'admin-health');

    await adminPage.getByRole('link', { name: 'All prebookings', exact: true }).click();
    await adminPage.getByRole('heading', { name: 'All prebookings', exact: true }).waitFor();
    await adminPage.getByLabel('Status', { exact: true }).selectOption('completed');
    await adminPage.getByRole('button', { name: 'Apply', exact: true }).click();
    await adminPage.waitForURL(/status=completed/);
    const row = adminPage.locator('tr', { hasText: 'E2E PREBOOK' }).first();
    // The first line is the fire offset; a booked-at offset that differs follows it (issue 13's honest timing).
    const [fireOffset, bookedAt] = (await row.locator('td.numeric').innerText()).split('\n');
    expect(fireOffset).toMatch(/^\d+(\.\d)? ms$/);
    if (bookedAt !== undefined) expect(bookedAt).toMatch(/^Booked at \d+(\.\d)? ms$/);
    await saveScreenshots(adminPage, 'admin-prebookings');

    await row.getByRole('link').first().click();
    await adminPage.getByRole('heading', { name: /Prebooking: E2E PREBOOK/ }).waitFor();
    await adminPage.getByText(/^msg_/).first().waitFor();
    const attempt = adminPage.locator('section', { hasText: 'Fire attempts' }).locator('tbody tr').first();
    const offsetMs = Number(await attempt.locator('td[data-offset-ms]').getAttribute('data-offset-ms'));
    expect(offsetMs).toBeGreaterThanOrEqual(0);
    expect(offsetMs).toBeLessThan(1_000);
    expect(await attempt.innerText()).toContain('booked');
    await adminPage.getByText('Raw AimHarder answers (secrets redacted)').waitFor();
    // The raw JSON is behind a toggle, closed (the page was 6,401 px of it; issue 19 item 11).
    const raw = adminPage.locator('details.raw-toggle');
    expect(await raw.locator('summary').innerText()).toBe('Raw JSON (prebooking and events, secrets redacted)');
    expect(await raw.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
    await saveScreenshots(adminPage, 'admin-prebooking-detail');
  });
});
