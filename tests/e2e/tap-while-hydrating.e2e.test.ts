/**
 * A member's tap must never be lost. Under load the first tap on a class card could land while
 * the schedule was still hydrating: hydration then scrolled the page back up to the day strip,
 * under the finger already on the card's button, so the release landed elsewhere, no click
 * followed, and the card stayed as it was. Here the page's scripts are held back until the
 * finger is down, so the press spans hydration every time rather than only on a loaded machine.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Route } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { classCard, createDemoBoxClass, newSignedInMemberPage } from './browser-helpers';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TEXT = {
  en: { prebook: /^Prebook\b/, days: 'Choose a day', prebooked: 'Prebooked', message: /Prebooked\. Prebooker will book it at/ },
  es: { prebook: /^Prerreservar\b/, days: 'Elige un día', prebooked: 'Prerreservada', message: /Prerreservada\. Prebooker la reservará el/ },
} as const;

test.each(['en', 'es'] as const)('a Prebook press that spans hydration, on a card the member scrolled to, prebooks the class (%s)', async (locale) => {
  const page = await newSignedInMemberPage(browser, `tap-hydrating-${locale}`, {
    locale: locale === 'es' ? 'es-ES' : 'en-US',
    timezoneId: 'America/New_York',
    serviceWorkers: 'block',
  });
  const later = await createDemoBoxClass({ opensInMs: 45 * 60_000, name: `E2E TAP WHILE HYDRATING ${locale}` });
  const held: Route[] = [];
  let holding = true;
  await page.route(
    (url) => url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js'),
    async (route) => {
      if (holding) held.push(route);
      else await route.continue();
    },
  );
  await page.goto(`/schedule?box=10122&day=${later.day}`, { waitUntil: 'commit' });
  const target = classCard(page, later.id);
  const button = target.getByRole('button', { name: TEXT[locale].prebook });
  await button.scrollIntoViewIfNeeded();
  // The card is below the first screen: the member scrolled down to it, past the day strip.
  const strip = await page.getByRole('navigation', { name: TEXT[locale].days }).boundingBox();
  expect(strip!.y + strip!.height).toBeLessThan(0);
  expect(await target.getByRole('timer').count()).toBe(0);

  // A thumb lands near the top of the button, before the page's scripts have run.
  const pressedAt = await button.boundingBox();
  await page.mouse.move(pressedAt!.x + pressedAt!.width / 2, pressedAt!.y + 6);
  await page.mouse.down();
  holding = false;
  for (const route of held.splice(0)) await route.continue();
  // Hydrated and rendered with the browser's clock: the countdown is there.
  await target.getByRole('timer').waitFor();

  // Nothing moved under the finger, so the release is a tap on Prebook.
  expect(await button.boundingBox()).toEqual(pressedAt);
  await page.mouse.up();
  await target.locator('.badge', { hasText: TEXT[locale].prebooked }).waitFor();
  await target.getByRole('status').filter({ hasText: TEXT[locale].message }).waitFor();

  // The strip still centres the chosen day, scrolling sideways only.
  const offCentre = await page.getByRole('navigation', { name: TEXT[locale].days }).evaluate((strip) => {
    const stripBox = strip.getBoundingClientRect();
    const dayBox = strip.querySelector('a[aria-current="date"]')!.getBoundingClientRect();
    return dayBox.left + dayBox.width / 2 - (stripBox.left + stripBox.width / 2);
  });
  expect(Math.abs(offCentre)).toBeLessThan(1);
});
