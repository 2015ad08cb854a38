/**
 * Issue 19, as a new member would meet it in Debian Chromium against the whole local stack: an
 * ended session, the pages without JavaScript, Spanish pages without English in them (and the
 * reverse), page titles in the page's language, and the admin's navigation on a phone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getDictionary } from '../../modules/i18n/dictionaries';
import { adminTexts } from '../../modules/admin/admin-texts';
import { goalsTexts } from '../../modules/goals/components/goals-texts';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';
import { ADMIN, PHONE, classCard, createDemoBoxClass, newPhoneContext, newSignedInMemberPage, saveScreenshots, signInThroughForm } from './browser-helpers';

// Whole dictionaries: the texts client components read and those only the server renders.
const en = getDictionary('en');
const es = getDictionary('es');

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const card = classCard;
const signedInPage = (label: string, options: { javaScript?: boolean; locale?: string } = {}): Promise<Page> => newSignedInMemberPage(browser, label, options);

describe('an ended session', () => {
  test('Book answers "your session ended" with a link that signs in again and comes back to the same page', async () => {
    const page = await signedInPage('expired');
    const open = await createDemoBoxClass({ opensInMs: -1, name: 'E2E EXPIRED SESSION' });
    await page.goto(`/schedule?box=10122&day=${open.day}`);
    await card(page, open.id).getByRole('button', { name: /^Book\b/ }).waitFor();
    await page.context().clearCookies();

    await card(page, open.id).getByRole('button', { name: /^Book\b/ }).click();
    const alert = card(page, open.id).getByRole('alert');
    await alert.filter({ hasText: 'Your session ended — sign in again.' }).waitFor();
    expect(await alert.innerText()).not.toMatch(/Something went wrong/);
    const href = await alert.getByRole('link', { name: 'sign in again' }).getAttribute('href');
    expect(href).toBe(`/sign-in?next=${encodeURIComponent(`/schedule?box=10122&day=${open.day}`)}`);
  });

  test('the goals form answers the same way', async () => {
    const page = await signedInPage('expired-goals');
    await page.goto('/goals');
    await page.getByRole('heading', { name: 'New goal' }).waitFor();
    await page.context().clearCookies();
    await page.getByRole('checkbox', { name: 'Friday' }).check();
    await page.getByLabel('Start time').fill('07:00');
    await page.getByLabel('Class name').fill('WOD');
    await page.getByRole('button', { name: 'Create goal' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Your session ended — sign in again.' });
    await alert.waitFor();
    expect(await alert.getByRole('link', { name: 'sign in again' }).getAttribute('href')).toBe('/sign-in?next=%2Fgoals');
  });
});

describe('without JavaScript', () => {
  test('Book and Cancel work as plain form posts, and the answer is shown', async () => {
    const page = await signedInPage('nojs', { javaScript: false });
    const open = await createDemoBoxClass({ opensInMs: -1, name: 'E2E NO JS' });
    await page.goto(`/schedule?box=10122&day=${open.day}`);
    await card(page, open.id).getByRole('button', { name: /^Book\b/ }).click();
    await page.waitForLoadState('load');
    await card(page, open.id).locator('.badge', { hasText: 'Booked' }).waitFor();
    await card(page, open.id).getByRole('status').filter({ hasText: /Booked/ }).waitFor();

    await card(page, open.id).getByRole('button', { name: /^Cancel booking/ }).click();
    await page.waitForLoadState('load');
    await card(page, open.id).getByRole('status').filter({ hasText: 'Booking cancelled.' }).waitFor();
    await card(page, open.id).getByRole('button', { name: /^Book\b/ }).waitFor();
  });

  test('Prebook works, and My classes does not claim "Updates live"', async () => {
    const page = await signedInPage('nojs-prebook', { javaScript: false });
    const later = await createDemoBoxClass({ opensInMs: 30 * 60_000, name: 'E2E NO JS PREBOOK' });
    await page.goto(`/schedule?box=10122&day=${later.day}`);
    await card(page, later.id).getByRole('button', { name: /^Prebook\b/ }).click();
    await page.waitForLoadState('load');
    await card(page, later.id).locator('.badge', { hasText: 'Prebooked' }).waitFor();

    await page.goto('/my-classes');
    await page.locator('article.prebooking-card', { hasText: 'E2E NO JS PREBOOK' }).waitFor();
    expect(await page.getByText('Updates live').count()).toBe(0);
    await page.getByText(en.ui.reloadForUpdates).waitFor();

    await page.locator('article.prebooking-card', { hasText: 'E2E NO JS PREBOOK' }).getByRole('button', { name: /^Cancel prebooking/ }).click();
    await page.waitForLoadState('load');
    await page.locator('article.prebooking-card', { hasText: 'E2E NO JS PREBOOK' }).locator('.badge', { hasText: 'Cancelled' }).waitFor();
  });

  test('with JavaScript, My classes says "Updates live"', async () => {
    const page = await signedInPage('js-live');
    await page.goto('/my-classes');
    await page.getByText('Updates live').waitFor();
  });
});

describe('a tap on Book or Prebook', () => {
  test('shows "Booking…" / "Prebooking…" while the finger is still down, and a press dragged away leaves it as it was', async () => {
    const open = await createDemoBoxClass({ opensInMs: -1, name: 'E2E TAP BOOK' });
    const later = await createDemoBoxClass({ opensInMs: 30 * 60_000, name: 'E2E TAP PREBOOK' });
    for (const { slot, idle, busy, done } of [
      { slot: open, idle: /^Book\b/, busy: /^Booking…/, done: 'Booked' },
      { slot: later, idle: /^Prebook\b/, busy: /^Prebooking…/, done: 'Prebooked' },
    ]) {
      // One member per class: the two classes may share an hour, and the second would then be refused as an overlap.
      const page = await signedInPage(`tap-${done}`);
      await page.goto(`/schedule?box=10122&day=${slot.day}`);
      const button = card(page, slot.id).getByRole('button', { name: idle });
      await button.waitFor();
      // Hydrated: a press before that is a plain form post.
      await page.waitForFunction((id) => Object.keys(document.querySelector(`article[data-class-id="${id}"] button[type="submit"]`) ?? {}).some((key) => key.startsWith('__reactProps')), slot.id);
      // The mouse is moved by hand below, so the button must be on screen.
      await button.scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;

      // Pressed, then dragged off the button and let go: no click, so nothing is sent and the label comes back.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await card(page, slot.id).getByRole('button', { name: busy }).waitFor();
      await page.mouse.move(box.x + box.width / 2, box.y - 60);
      await page.mouse.up();
      await button.waitFor();

      // Pressed and let go on the button: the label changes on the press, then the class is taken.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await card(page, slot.id).getByRole('button', { name: busy }).waitFor();
      await page.mouse.up();
      await card(page, slot.id).locator('.badge', { hasText: done }).waitFor();
    }
  });
});

describe('a goal whose class is already open', () => {
  test('is offered to book now (prebooking waits for an opening that has passed), and booking it works', async () => {
    const page = await signedInPage('goal-open');
    const open = await createDemoBoxClass({ opensInMs: -1, name: 'E2E OPEN GOAL' });
    const weekday = new Date(`${open.day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    await page.goto('/goals');
    await page.getByRole('heading', { name: 'New goal' }).waitFor();
    await page.getByRole('checkbox', { name: weekday }).check();
    await page.getByLabel('Start time').fill(open.time);
    await page.getByLabel('Class name').fill('E2E OPEN GOAL');
    await page.getByRole('button', { name: 'Create goal' }).click();
    await page.getByText('Goal saved.').waitFor();

    const offer = page.locator('section', { has: page.getByRole('heading', { name: 'Already open for booking' }) });
    await offer.getByText('E2E OPEN GOAL').waitFor();
    await offer.getByRole('button', { name: 'Book it now' }).click();
    await page.getByText(/Booked: your place is confirmed/).waitFor();
    expect(await page.getByRole('heading', { name: 'Already open for booking' }).count()).toBe(0);
    await page.goto(`/schedule?box=10122&day=${open.day}`);
    await card(page, open.id).locator('.badge', { hasText: 'Booked' }).waitFor();
  });
});

/** Every text of a dictionary (functions called with sample arguments), keyed for the report. */
function dictionaryTexts(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value === 'function') {
    const sample = (value as (...args: unknown[]) => unknown)('\u0000', '\u0000', '\u0000', '\u0000');
    // The fixed words around the arguments: "Classes on \0" → "Classes on".
    return typeof sample === 'string' ? sample.split('\u0000').map((part, index) => [`${path}#${index}`, part] as [string, string]) : [];
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => dictionaryTexts(child, path ? `${path}.${key}` : key));
  return [];
}

/**
 * The texts of `from` that would betray a leak into a page in the other language: long enough to
 * be a phrase of ours (not a class or box name, a status word shared by both, or "WOD"), and not
 * also a text of the other dictionary.
 */
function leakCandidates(from: unknown, other: unknown): Array<[string, string]> {
  const otherTexts = new Set(dictionaryTexts(other).map(([, text]) => text.trim()));
  return dictionaryTexts(from)
    .map(([key, text]) => [key, text.trim().replace(/[.:…]+$/, '')] as [string, string])
    .filter(([, text]) => text.split(/\s+/).length >= 3 && !otherTexts.has(text));
}

async function leaksOn(page: Page, candidates: Array<[string, string]>): Promise<string[]> {
  const body = await page.locator('body').innerText();
  return candidates.filter(([, text]) => body.includes(text)).map(([key, text]) => `${key}: "${text}"`);
}

describe('each page speaks one language', () => {
  const memberPages = ['/schedule', '/my-classes', '/goals'];
  const adminPages = ['/admin', '/admin/prebookings', '/admin/goals'];

  test.each([
    { locale: 'es-ES', lang: 'es', title: 'Horario · Prebooker', from: [en, goalsTexts('en'), adminTexts('en')], other: [es, goalsTexts('es'), adminTexts('es')] },
    { locale: 'en-US', lang: 'en', title: 'Schedule · Prebooker', from: [es, goalsTexts('es'), adminTexts('es')], other: [en, goalsTexts('en'), adminTexts('en')] },
  ])('in $lang: no text of the other dictionary on any page, and the titles translated', async ({ locale, lang, title, from, other }) => {
    const shot = (page: Page, path: string) => saveScreenshots(page, `${lang}${path.replaceAll('/', '-')}`);
    const candidates = leakCandidates(from, other);
    expect(candidates.length).toBeGreaterThan(100);
    const member = await signedInPage(`lang-${locale}`, { locale });
    const admin = await browser.newPage({ viewport: PHONE, locale, baseURL: getTestStack().urls.app });
    await signInThroughForm(admin, ADMIN.email, ADMIN.password);
    await admin.waitForURL((url) => url.pathname !== '/sign-in');

    const leaks: string[] = [];
    for (const path of memberPages) {
      await member.goto(path);
      leaks.push(...(await leaksOn(member, candidates)).map((leak) => `${path} ${leak}`));
      await shot(member, path);
    }
    for (const path of adminPages) {
      await admin.goto(path);
      leaks.push(...(await leaksOn(admin, candidates)).map((leak) => `${path} ${leak}`));
      await shot(admin, path);
    }
    // A prebooking's detail page, when the list has one.
    await admin.goto('/admin/prebookings');
    const detailLink = admin.locator('table tbody tr a').first();
    if ((await detailLink.count()) > 0) {
      await detailLink.click();
      await admin.waitForURL(/\/admin\/prebookings\/[0-9a-f-]{36}/);
      leaks.push(...(await leaksOn(admin, candidates)).map((leak) => `${admin.url()} ${leak}`));
      await shot(admin, '/admin/prebooking-detail');
    }
    await member.goto('/schedule');
    expect(await member.title()).toBe(title);
    await member.context().clearCookies();
    await member.goto('/sign-in');
    leaks.push(...(await leaksOn(member, candidates)).map((leak) => `/sign-in ${leak}`));
    await shot(member, '/sign-in');
    expect(leaks).toEqual([]);
  });
});

describe('an admin on a phone', () => {
  test('every section of the navigation is on screen at 390 px', async () => {
    const context = await newPhoneContext(browser);
    const page = await context.newPage();
    await signInThroughForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    for (const path of ['/admin', '/admin/prebookings']) {
      await page.goto(path);
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      expect(await links.count()).toBe(5);
      for (const link of await links.all()) {
        const box = (await link.boundingBox())!;
        expect(box.x, await link.innerText()).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, await link.innerText()).toBeLessThanOrEqual(PHONE.width);
      }
      // Nothing on the page makes it scroll sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    }
    // Nor in Spanish, whose longer words pushed the list's Apply/Clear buttons 24 px past the edge.
    await context.addCookies([{ name: 'prebooker_locale', value: 'es', url: getTestStack().urls.app }]);
    for (const path of ['/admin', '/admin/prebookings', '/admin/goals']) {
      await page.goto(path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} in Spanish`).toBeLessThanOrEqual(PHONE.width);
    }
  });
});

describe('the admin date filters', () => {
  // Chromium draws <input type="date"> in the browser's language ("mm/dd/yyyy" under an English
  // browser), whatever the page's language: the fields are typed in the page's own format.
  test.each([
    { locale: 'es-ES', language: 'es', placeholder: 'dd/mm/aaaa', apply: 'Aplicar', from: 'Desde', to: 'Hasta', reversed: /Las fechas están al revés: «Desde» \(07\/12\/2026\) es posterior a «Hasta» \(01\/12\/2026\)/, notADay: '«31/02/2026» no es una fecha' },
    { locale: 'en-US', language: 'en', placeholder: 'dd/mm/yyyy', apply: 'Apply', from: 'From', to: 'To', reversed: /The dates are reversed: “From” \(07\/12\/2026\) is after “To” \(01\/12\/2026\)/, notADay: '“31/02/2026” is not a date' },
  ])('in $language, under an English browser, From and To read and show dates as the page writes them', async ({ language, placeholder, apply, from, to, reversed, notADay }) => {
    // An English browser (Accept-Language en-US) whose member chose the page's language.
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', baseURL: getTestStack().urls.app });
    await context.addCookies([{ name: 'prebooker_locale', value: language, url: getTestStack().urls.app }]);
    const page = await context.newPage();
    await signInThroughForm(page, ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    await page.goto('/admin');
    const fromField = page.getByLabel(from, { exact: true });
    const toField = page.getByLabel(to, { exact: true });
    expect(await fromField.getAttribute('placeholder')).toBe(placeholder);

    await fromField.fill('01/12/2026');
    await toField.fill('7/12/2026');
    await page.getByRole('button', { name: apply, exact: true }).click();
    await page.waitForURL(/from=/);
    expect(await page.locator('.feedback--error').count()).toBe(0);
    // The period shown is the one typed, and the fields show it back in the page's format.
    expect(await fromField.inputValue()).toBe('01/12/2026');
    expect(await toField.inputValue()).toBe('07/12/2026');
    await page.getByText(language === 'es' ? 'mar, 1 dic, 00:00 CET – lun, 7 dic, 23:59 CET' : 'Tue 1 Dec, 00:00 CET – Mon 7 Dec, 23:59 CET', { exact: true }).waitFor();
    await saveScreenshots(page, `${language}-admin-health-dates`);

    // Reversed: said, in the same format, and kept in the fields to be corrected.
    await fromField.fill('07/12/2026');
    await toField.fill('01/12/2026');
    await page.getByRole('button', { name: apply, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: reversed }).waitFor();
    expect(await fromField.inputValue()).toBe('07/12/2026');

    // No such day: named, and kept as typed.
    await fromField.fill('31/02/2026');
    await toField.fill('07/12/2026');
    await page.getByRole('button', { name: apply, exact: true }).click();
    await page.getByRole('alert').filter({ hasText: notADay }).waitFor();
    expect(await fromField.inputValue()).toBe('31/02/2026');

    // All prebookings filters the same way.
    await page.goto('/admin/prebookings');
    const classFrom = page.locator('input#from');
    expect(await classFrom.getAttribute('placeholder')).toBe(placeholder);
    await classFrom.fill('01/12/2026');
    await page.getByRole('button', { name: apply, exact: true }).click();
    await page.waitForURL(/from=/);
    expect(await page.locator('.feedback--error').count()).toBe(0);
    expect(await classFrom.inputValue()).toBe('01/12/2026');
    await context.close();
  });
});
