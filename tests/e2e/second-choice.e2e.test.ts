/**
 * Adding a second choice from the schedule on a phone, in English and in Spanish: the Prebook
 * button of a class offers the natural alternatives (classes of that day whose booking opens with
 * it), the member ticks one, prebooks, and the prebooking is stored with it. Screenshots of the
 * open list are saved for a human to look at.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { testDatabase } from '../support/app-client';
import { createDemoBoxClass, createSimMember, newPhoneContext, saveScreenshots, signInThroughForm } from './browser-helpers';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const TEXT = {
  en: { add: 'Add a second choice', prebookWith: 'Prebook with 1 second choice' },
  es: { add: 'Añadir segunda opción', prebookWith: 'Prerreservar con 1 segunda opción' },
} as const;

describe('second choice on a phone', () => {
  for (const locale of ['en', 'es'] as const) {
    test(`adds an alternative while prebooking (${locale})`, async () => {
      const context = await newPhoneContext(browser, locale === 'es' ? 'es-ES' : 'en-US');
      const page = await context.newPage();
      try {
        const member = await createSimMember(`choice-${locale}`);
        // Two classes of one day whose booking opens at the same instant, half an hour from now.
        const first = await createDemoBoxClass({ opensInMs: 30 * 60_000, name: `WOD e2e ${locale}` });
        const second = await createDemoBoxClass({ opensInMs: 30 * 60_000, name: `WOD e2e ${locale}`, capacity: 14 });
        await signInThroughForm(page, member.email, member.password);
        await page.waitForURL((url) => url.pathname !== '/sign-in');
        await page.goto(`/schedule?box=10122&day=${first.day}`);

        const card = page.locator(`article[data-class-id="${first.id}"]`);
        await card.waitFor();
        const option = card.locator(`[data-alternatives-for="${first.id}"] label`, { hasText: `${second.time} WOD e2e ${locale}` });
        // One tap right after load must open the list: no second tap. (A first tap was lost while the
        // page hydrated: hydration scrolled the page up to the day strip under the finger.)
        await card.getByText(TEXT[locale].add).click();
        await option.waitFor();
        await option.getByRole('checkbox').check();
        await card.getByRole('button', { name: new RegExp(`^${TEXT[locale].prebookWith}`) }).waitFor();
        await saveScreenshots(page, `second-choice-${locale}`);
        await card.getByRole('button', { name: new RegExp(`^${TEXT[locale].prebookWith}`) }).click();
        await card.locator('.feedback--ok').waitFor();

        const { data } = await testDatabase().from('prebookings').select('aimharder_class_id, alternatives, status').eq('aimharder_class_id', first.id);
        expect(data).toHaveLength(1);
        expect(data![0]!.status).toBe('scheduled');
        expect((data![0]!.alternatives as Array<{ classId: string }>).map((alternative) => alternative.classId)).toEqual([second.id]);
        await saveScreenshots(page, `second-choice-${locale}-prebooked`);
      } finally {
        await context.close();
      }
    });
  }
});
