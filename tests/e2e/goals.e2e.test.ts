/**
 * The Goals page in Debian Chromium against the whole local stack: a member creates a standing
 * rule through the form with a fallback class, sees it listed with its skip date and fallback,
 * pauses and resumes it, then deletes it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { createDemoBoxClass, createSimMember, newPhoneContext, saveScreenshots, signInThroughForm } from './browser-helpers';

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newPhoneContext(browser);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.log('[browser console]', message.text());
  });
  page.on('pageerror', (error) => console.log('[page error]', error.message));
});
afterAll(async () => {
  await browser?.close();
});

describe('the goals page', () => {
  test('creates a goal with a skip date, pauses and resumes it, then deletes it', async () => {
    // A fresh member: nothing any other test made shows up on their page.
    const member = await createSimMember('goals');
    await signInThroughForm(page, member.email, member.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto('/goals');
    await page.getByRole('heading', { name: 'Goals', exact: true }).waitFor();
    await page.getByText('No goals yet. Create your first one below.').waitFor();

    // A member without goals finds the form already open, empty, with an example (it used to hold
    // a real Mon+Wed 18:00 WOD goal, one click from saving).
    await page.getByRole('heading', { name: 'New goal' }).waitFor();
    await page.getByText(/^For example: Monday and Wednesday, 18:00, WOD\./).waitFor();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      expect(await page.getByRole('checkbox', { name: day }).isChecked()).toBe(false);
    }
    expect(await page.getByLabel('Class name').inputValue()).toBe('');
    expect(await page.getByLabel('Class name').getAttribute('placeholder')).toBe('e.g. WOD');
    expect(await page.getByLabel('Start time').inputValue()).toBe('');
    await page.getByRole('checkbox', { name: 'Saturday' }).check();
    await page.getByLabel('Start time').fill('08:00');
    await page.getByLabel('Class name').fill('Yoga');
    await page.getByLabel('Name must').selectOption({ label: 'contain this (any case)' });
    await page.getByRole('button', { name: 'Add a skip date' }).click();
    await page.getByLabel('From').fill('2027-08-14');
    await page.getByLabel('Note').fill('Summer');
    // A fallback class (issue 17), on the phone: the 09:00 Yoga when the 08:00 is full. It starts with the goal's class name.
    await page.getByRole('button', { name: 'Add a fallback class' }).click();
    expect(await page.getByLabel('Choice 2: class').inputValue()).toBe('Yoga');
    await page.getByLabel('Choice 2: time').fill('09:00');
    await page.getByRole('button', { name: 'Create goal' }).click();

    await page.getByText('Goal saved.').waitFor();
    const card = page.locator('article', { has: page.getByRole('heading', { name: 'Sat · 08:00 · Yoga' }) });
    await card.waitFor();
    await expect(card.getByText(/Skip dates \(holidays\): Sat 14 Aug \(Summer\)/).count()).resolves.toBe(1);
    await expect(card.getByText('Active', { exact: true }).count()).resolves.toBe(1);
    await expect(card.getByText('else 09:00 Yoga', { exact: true }).count()).resolves.toBe(1);
    await saveScreenshots(page, 'goals');

    // The same goal again is refused, naming the one it duplicates.
    await page.getByRole('button', { name: 'New goal' }).click();
    await page.getByRole('checkbox', { name: 'Saturday' }).check();
    await page.getByLabel('Start time').fill('08:00');
    await page.getByLabel('Class name').fill('yoga');
    await page.getByLabel('Name must').selectOption({ label: 'contain this (any case)' });
    await page.getByRole('button', { name: 'Create goal' }).click();
    await page.getByRole('alert').filter({ hasText: 'You already have this goal: “Sat · 08:00 · Yoga”. Edit that one instead.' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('article', { has: page.getByRole('heading', { name: 'Sat · 08:00 · Yoga' }) }).count()).toBe(1);

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText('Paused', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.getByText('Active', { exact: true }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Goal deleted.').waitFor();
    await page.getByText('No goals yet. Create your first one below.').waitFor();
  });

  test('"book if open" books a goal’s class that is already open as the goal is saved, and says what happened', async () => {
    const open = await createDemoBoxClass({ opensInMs: -1, name: 'E2E GOAL BOOK IF OPEN' });
    const weekday = new Date(`${open.day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    await page.goto('/goals');
    // The previous test deleted its goal: the form is open again.
    await page.getByRole('heading', { name: 'New goal' }).waitFor();
    await page.getByRole('checkbox', { name: weekday }).check();
    await page.getByLabel('Start time').fill(open.time);
    await page.getByLabel('Class name').fill('E2E GOAL BOOK IF OPEN');
    await page.getByRole('checkbox', { name: 'Book at once if booking is already open' }).check();
    await page.getByRole('button', { name: 'Create goal' }).click();
    await page.getByText(/E2E GOAL BOOK IF OPEN was already open: Booked/).waitFor();
    // Booked already: nothing left to offer.
    expect(await page.getByRole('heading', { name: 'Already open for booking' }).count()).toBe(0);
  });
});
