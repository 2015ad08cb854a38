/**
 * The screenshots in tests/e2e/screenshots: the first screen of every page a member or an admin
 * sees, on a phone (390×844) and a desktop (1366×900), in English and Spanish, with real content (a
 * booked prebooking with its fire attempt, a waiting one, a goal, and the goal's form with its skip dates). Refresh them with
 * `npm run screenshots`; `npm test` skips this file (it would rewrite the committed images on every
 * run). Each page is also checked on the way: it is in the chosen language, has its heading, and does
 * not scroll sideways on the phone (issue 19 item 10).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { goalsTexts } from '../../modules/goals/components/goals-texts';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';
import { ADMIN, PHONE, PAGE_SCREENSHOT_DIR, SCREENSHOT_DESKTOP, classCard, createDemoBoxClass, createSimMember, opensInMsForNextWholeMinute, signInThroughForm } from './browser-helpers';

const LANGUAGES = ['en', 'es'] as const;
const SIZES = [
  ['phone', PHONE],
  ['desktop', SCREENSHOT_DESKTOP],
] as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(PAGE_SCREENSHOT_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function newContext(): Promise<BrowserContext> {
  // An English browser in New York: what the page shows in Spanish or in Madrid's time is the app's doing.
  return browser.newContext({ viewport: PHONE, locale: 'en-US', baseURL: getTestStack().urls.app, timezoneId: 'America/New_York' });
}

const setLanguage = (context: BrowserContext, language: string) => context.addCookies([{ name: 'prebooker_locale', value: language, url: getTestStack().urls.app }]);

/** The first screen of `url` at each size, as `<name>-<language>-<size>.png`. */
async function capture(page: Page, name: string, url: string, language: (typeof LANGUAGES)[number]): Promise<void> {
  for (const [label, size] of SIZES) {
    await page.setViewportSize(size);
    await page.goto(url);
    await page.locator('h1').first().waitFor();
    // Polling pages (My classes) never go quiet for long: settle what the first load asked for, no more.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.querySelector('[lang]')?.getAttribute('lang')), `${name} ${language}`).toBe(language);
    if (label === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${language} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(PAGE_SCREENSHOT_DIR, `${name}-${language}-${label}.png`), animations: 'disabled', caret: 'hide' });
  }
}

/** The goal form, scrolled to its skip dates as the page writes them ("02/08/2027"), as `goal-form-…`. */
async function captureGoalForm(page: Page, language: (typeof LANGUAGES)[number]): Promise<void> {
  const texts = goalsTexts(language);
  for (const [label, size] of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/goals');
    await page.locator('article').first().getByRole('button', { name: texts.edit, exact: true }).click();
    const skips = page.locator('fieldset', { hasText: texts.skips });
    await skips.scrollIntoViewIfNeeded();
    expect(await skips.getByPlaceholder(texts.dayPlaceholder).first().inputValue()).toBe('02/08/2027');
    await page.screenshot({ path: path.join(PAGE_SCREENSHOT_DIR, `goal-form-${language}-${label}.png`), animations: 'disabled', caret: 'hide' });
  }
}

describe.runIf(process.env.PREBOOKER_SCREENSHOTS === '1')('screenshots of every page', () => {
  let bookedPrebookingId = '';

  test('member pages: sign-in, schedule, my classes, goals, offline', { timeout: 240_000 }, async () => {
    const anonymous = await newContext();
    const signIn = await anonymous.newPage();
    for (const language of LANGUAGES) {
      await setLanguage(anonymous, language);
      await capture(signIn, 'sign-in', '/sign-in', language);
    }
    await anonymous.close();

    const context = await newContext();
    const page = await context.newPage();
    const member = await createSimMember('shots');
    await signInThroughForm(page, member.email, member.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');

    // One prebooking that fires within the minute (a booked card, and an admin detail page with its
    // fire attempt) and one that waits two days (a countdown).
    const soon = await createDemoBoxClass({ opensInMs: opensInMsForNextWholeMinute(), name: 'WOD' });
    const later = await createDemoBoxClass({ opensInMs: 2 * 86_400_000, name: 'OPEN BOX' });
    for (const target of [soon, later]) {
      await page.goto(`/schedule?box=10122&day=${target.day}`);
      await classCard(page, target.id).getByRole('button', { name: /^Prebook\b/ }).click();
      await classCard(page, target.id).locator('.badge', { hasText: 'Prebooked' }).waitFor();
      if (target === soon) bookedPrebookingId = await classCard(page, soon.id).locator('input[name="prebookingId"]').inputValue();
    }
    const goal = await page.request.post('/api/goals', { data: { boxId: 10122, weekdays: [1, 3], startTime: '18:00', className: 'WOD', skips: [{ from: '2027-08-02', to: '2027-08-15', note: 'Summer' }] } });
    expect(goal.status()).toBe(201);

    await page.goto('/my-classes');
    await page
      .locator('article.prebooking-card', { hasText: 'WOD' })
      .locator('.badge', { hasText: 'Booked' })
      .first()
      .waitFor({ timeout: soon.opensAtMs - Date.now() + 30_000 });

    for (const language of LANGUAGES) {
      await setLanguage(context, language);
      await capture(page, 'schedule', `/schedule?box=10122&day=${later.day}`, language);
      await capture(page, 'my-classes', '/my-classes', language);
      await capture(page, 'goals', '/goals', language);
      await captureGoalForm(page, language);
      await capture(page, 'offline', `/offline?lang=${language}`, language);
    }
    await context.close();
  });

  test('admin pages: health, prebookings, a prebooking’s detail, goals', { timeout: 120_000 }, async () => {
    expect(bookedPrebookingId).not.toBe('');
    const context = await newContext();
    const page = await context.newPage();
    await signInThroughForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    for (const language of LANGUAGES) {
      await setLanguage(context, language);
      await capture(page, 'admin-health', '/admin', language);
      await capture(page, 'admin-prebookings', '/admin/prebookings', language);
      await capture(page, 'admin-prebooking-detail', `/admin/prebookings/${bookedPrebookingId}`, language);
      await capture(page, 'admin-goals', '/admin/goals', language);
    }
    await context.close();
  });
});
