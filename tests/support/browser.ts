import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_MISSING_MESSAGE, CHROMIUM_PATH } from './chromium';

/** Debian's Chromium driven by playwright-core (browsers cannot be downloaded here). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING_MESSAGE);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Screenshots tests take along the way, for a human to look at (not committed). */
export const SCREENSHOT_DIR = 'test-results/screenshots';

/** The committed first screens of every page (`npm run screenshots`, tests/e2e/screenshots.e2e.test.ts). */
export const PAGE_SCREENSHOT_DIR = 'tests/e2e/screenshots';
