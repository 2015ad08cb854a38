import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SimClass } from '../support/app-client';
import { SCREENSHOT_DIR } from '../support/browser';
export { PAGE_SCREENSHOT_DIR } from '../support/browser';
import { getTestStack } from '../support/test-stack';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
/** The desktop of the committed page screenshots, as issue 19 tried the admin pages. */
export const SCREENSHOT_DESKTOP = { width: 1366, height: 900 };
export const DEMO = { email: 'demo@prebooker.local', password: 'demo-password' };
export const ADMIN = { email: 'admin@prebooker.local', password: 'admin-password' };

/** A phone-sized browser context whose browser prefers English (Accept-Language en-US). */
export function newPhoneContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, locale, baseURL: getTestStack().urls.app, timezoneId: 'America/New_York' });
}

export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: /email/i }).fill(email);
  await page.getByRole('textbox', { name: /password|contraseña/i }).fill(password);
  await page.getByRole('button', { name: /sign in|iniciar sesión/i }).click();
}

/** A schedule page's card for one class. */
export const classCard = (page: Page, classId: string) => page.locator(`article[data-class-id="${classId}"]`);

/**
 * A fresh simulator member signed in through the form, in a phone-sized context of its own: with
 * or without JavaScript, the browser's language and, where it matters, the device's zone.
 */
export async function newSignedInMemberPage(
  browser: Browser,
  label: string,
  options: { javaScript?: boolean; locale?: string; timezoneId?: string; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<Page> {
  const member = await createSimMember(label);
  const context = await browser.newContext({
    viewport: PHONE,
    locale: options.locale ?? 'en-US',
    baseURL: getTestStack().urls.app,
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    // Blocked where a test routes the page's own scripts: a worker serving them would bypass page.route.
    ...(options.serviceWorkers ? { serviceWorkers: options.serviceWorkers } : {}),
  });
  const page = await context.newPage();
  await signInThroughForm(page, member.email, member.password);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return page;
}

/** Full-page screenshots at phone and desktop widths, for a human to look at (test-results/, not committed). */
export async function saveScreenshots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

/** Day (YYYY-MM-DD) and HH:MM of an instant in Madrid, the demo box's zone. */
export function madridDayAndTime(instantMs: number): { day: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Madrid',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instantMs)
      .map((part) => [part.type, part.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}


/** A class in the demo box via the simulator's control API (which speaks YYYYMMDD days; we answer YYYY-MM-DD). */
export async function createDemoBoxClass(body: { opensInMs: number; day?: string; time?: string; name?: string; capacity?: number }): Promise<SimClass> {
  const response = await fetch(`${getTestStack().urls.aimharder}/__sim/classes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ box: 'demobox', ...body, ...(body.day ? { day: body.day.replaceAll('-', '') } : {}) }),
  });
  if (!response.ok) throw new Error(`simulator refused the class: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as SimClass;
  return { ...created, day: created.day.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3') };
}

/**
 * The simulator opens a class on a whole minute (so the box's rule gives its opening exactly):
 * ask for the next whole minute at least `minLeadMs` away, keeping the wait under ~75 s.
 */
export function opensInMsForNextWholeMinute(minLeadMs = 15_000): number {
  const toNextMinute = 60_000 - (Date.now() % 60_000);
  return (toNextMinute >= minLeadMs ? toNextMinute : toNextMinute + 60_000) - 500;
}

export async function setSimSettings(settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${getTestStack().urls.aimharder}/__sim/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`simulator refused the settings: ${response.status} ${await response.text()}`);
}

export async function createSimMember(label: string): Promise<{ email: string; password: string }> {
  const email = `${label}-${Date.now().toString(36)}@e2e.local`;
  const password = `pw-${label}-secret`;
  const response = await fetch(`${getTestStack().urls.aimharder}/__sim/members`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: `E2E ${label}`, boxes: ['demobox'] }),
  });
  if (!response.ok) throw new Error(`simulator refused the member: ${response.status} ${await response.text()}`);
  return { email, password };
}
