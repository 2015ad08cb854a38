/**
 * The Goals page in Debian Chromium against the whole local stack: a member creates a standing
 * rule through the form with a fallback class, sees it listed with its skip date and fallback,
 * pauses and resumes it, then deletes it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';
import { PHONE, createDemoBoxClass, createSimMember, newPhoneContext, saveScreenshots, signInThroughForm } from './browser-helpers';

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
    // One sentence about the class it looks for (it read "Prebooker Demo Box · be exactly this (any case)"; issue 19 item 8).
    await expect(card.getByText('Prebooker Demo Box · Class name containing “Yoga” (any case)', { exact: true }).count()).resolves.toBe(1);
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

  test('in Spanish, skip dates and times are typed as dd/mm/aaaa and hh:mm, whatever the browser’s own language; what is no date is named under its field and kept', async () => {
    // The browser speaks English (it drew <input type="date"> as mm/dd/yyyy); the member chose Spanish.
    const spanish = await browser.newContext({ viewport: PHONE, locale: 'en-US', baseURL: getTestStack().urls.app, timezoneId: 'America/New_York' });
    await spanish.addCookies([{ name: 'prebooker_locale', value: 'es', url: getTestStack().urls.app }]);
    const es = await spanish.newPage();
    const member = await createSimMember('goals-es');
    await signInThroughForm(es, member.email, member.password);
    await es.waitForURL((url) => url.pathname !== '/sign-in');
    await es.goto('/goals');
    await es.getByRole('heading', { name: 'Nuevo objetivo' }).waitFor();
    await es.getByRole('checkbox', { name: 'lunes' }).check();
    expect(await es.getByLabel('Hora de inicio').getAttribute('placeholder')).toBe('hh:mm');
    await es.getByLabel('Hora de inicio').fill('7.30');
    await es.getByLabel('Nombre de la clase').fill('Pilates');
    await es.getByRole('button', { name: 'Añadir una fecha' }).click();
    const from = es.getByLabel('Desde');
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/aaaa');
    expect(await from.getAttribute('type')).toBe('text');

    // No such day: said under the field, in Spanish, the text kept, nothing saved.
    await from.fill('31/02/2027');
    await es.getByRole('button', { name: 'Crear objetivo' }).click();
    await es.getByText('«31/02/2027» no es una fecha: escríbela como dd/mm/aaaa, p. ej. 24/12/2026.').waitFor();
    await es.getByRole('alert').filter({ hasText: 'Revisa los campos marcados abajo.' }).waitFor();
    expect(await from.inputValue()).toBe('31/02/2027');
    expect(await from.getAttribute('aria-invalid')).toBe('true');
    expect(await es.getByText('Aún no tienes objetivos. Crea el primero abajo.').count()).toBe(1);

    await from.fill('24/12/2027');
    await es.getByLabel('Hasta (opcional)').fill('6/1/2028');
    await es.getByRole('button', { name: 'Crear objetivo' }).click();
    await es.getByText('Objetivo guardado.', { exact: false }).waitFor();
    const card = es.locator('article', { has: es.getByRole('heading', { name: 'lun · 07:30 · Pilates' }) });
    await card.waitFor();
    await expect(card.getByText(/Días que saltar \(vacaciones\): vie, 24 dic – jue, 6 ene/).count()).resolves.toBe(1);

    // Editing shows the days as they were typed; a range that ends before it starts is refused by the
    // server, in Spanish, under "Hasta".
    await card.getByRole('button', { name: 'Editar' }).click();
    expect(await es.getByLabel('Desde').inputValue()).toBe('24/12/2027');
    expect(await es.getByLabel('Hasta (opcional)').inputValue()).toBe('06/01/2028');
    await es.getByLabel('Hasta (opcional)').fill('01/12/2027');
    await es.getByRole('button', { name: 'Guardar objetivo' }).click();
    await es.getByText('no puede terminar antes de empezar', { exact: true }).waitFor();
    const to = es.getByLabel('Hasta (opcional)');
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await to.inputValue()).toBe('01/12/2027');
    await saveScreenshots(es, 'goals-skip-date-es');
    await spanish.close();
  });
});
