import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('the home page loads in Chromium and shows the sign-in form', async () => {
  const page = await browser.newPage();
  await page.goto(getTestStack().urls.app);
  await expect(page.getByLabel(/email/i).first().isVisible()).resolves.toBe(true);
  await expect(page.getByLabel(/password/i).first().isVisible()).resolves.toBe(true);
  await expect(page.getByRole('button', { name: /sign in/i }).isVisible()).resolves.toBe(true);
  await page.close();
});
