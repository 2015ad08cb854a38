/**
 * Sign-in failures each say what happened, in the member's language; sign-out ends the session
 * and can forget the stored AimHarder password.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD_MAX_LENGTH } from '../../modules/auth/auth.schema';
import { launchBrowser } from '../support/browser';
import { getTestStack } from '../support/test-stack';
import { signIn as signInByApi, testDatabase } from '../support/app-client';
import { createSimMember, newPhoneContext, setSimSettings, signInThroughForm } from './browser-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await setSimSettings({ errorRate: 0, faultEndpoints: 'all', loginMaxFailures: 5 });
});

async function newPage(locale = 'en-US'): Promise<Page> {
  return (await newPhoneContext(browser, locale)).newPage();
}

// Next.js has its own role=alert route announcer: read ours.
const alertText = (page: Page) => page.locator('.feedback[role=alert]').innerText();

test('a wrong password says AimHarder did not accept it, and keeps the email typed', async () => {
  const member = await createSimMember('wrongpw');
  const page = await newPage();
  await signInThroughForm(page, member.email, 'not-the-password');
  await page.locator('.feedback[role=alert]').waitFor();
  expect(await alertText(page)).toBe('AimHarder did not accept that email and password. Check them and try again.');
  expect(await page.getByRole('textbox', { name: /email/i }).inputValue()).toBe(member.email);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
});

test('AimHarder locking the account and AimHarder being down each get their own message', async () => {
  const member = await createSimMember('locked');
  await setSimSettings({ loginMaxFailures: 1 });
  const page = await newPage();
  await signInThroughForm(page, member.email, 'wrong-once');
  await page.getByText(/did not accept that email/).waitFor();
  await signInThroughForm(page, member.email, member.password);
  await page.getByText(/AimHarder has blocked sign-in for this account after too many attempts/).waitFor();

  await setSimSettings({ loginMaxFailures: 5, errorRate: 1, faultEndpoints: ['login'] });
  const other = await createSimMember('down');
  await signInThroughForm(page, other.email, other.password);
  await page.getByText('AimHarder is not answering right now. Try again in a moment.').waitFor();
});

test('the messages follow the browser language', async () => {
  const member = await createSimMember('spanish');
  const page = await newPage('es-ES');
  await page.goto('/sign-in');
  await page.getByRole('heading', { name: 'Inicia sesión con AimHarder' }).waitFor();
  await page.getByLabel('Email de AimHarder').fill(member.email);
  await page.getByLabel('Contraseña de AimHarder').fill('mal');
  await page.getByRole('button', { name: 'Iniciar sesión' }).click();
  await page.getByText('AimHarder no ha aceptado ese email y esa contraseña. Revísalos y vuelve a intentarlo.').waitFor();
});

test('an empty form names the missing fields without asking AimHarder', async () => {
  const page = await newPage();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByText('Enter the email you use for AimHarder.').waitFor();
  await page.getByText('Enter your AimHarder password.').waitFor();
  expect(await page.getByRole('textbox', { name: /email/i }).getAttribute('aria-invalid')).toBe('true');
});

test('a 5,000-character password is answered with the real limit, and what was typed stays in the field (issue 19 item 8)', async () => {
  const page = await newPage();
  await page.goto('/sign-in');
  const pasted = 'x'.repeat(5_000);
  await page.getByRole('textbox', { name: /email/i }).fill('someone@e2e.local');
  await page.getByLabel('AimHarder password').fill(pasted);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByText(`That is longer than ${PASSWORD_MAX_LENGTH} characters, the most an AimHarder password can have here. Check what you pasted.`).waitFor();
  expect(await page.getByText('Enter your AimHarder password.').count()).toBe(0);
  expect(await page.getByLabel('AimHarder password').inputValue()).toBe(pasted);
  expect(await page.getByLabel('AimHarder password').getAttribute('aria-invalid')).toBe('true');
});

test('signing out with "forget me" ends the session and deletes the stored credentials', async () => {
  const member = await createSimMember('forget');
  const page = await newPage();
  await signInThroughForm(page, member.email, member.password);
  await page.waitForURL('**/schedule');
  const { id } = await signInByApi(member.email, member.password);
  const credentials = async () => (await testDatabase().from('aimharder_credentials').select('member_id').eq('member_id', id)).data ?? [];
  expect(await credentials()).toHaveLength(1);

  await page.locator('.account-menu summary').click();
  await page.getByLabel(/Forget me/).check();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in');
  expect(await credentials()).toHaveLength(0);
  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name === 'prebooker_session')).toBeUndefined();
  await page.goto('/schedule');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
});

test('a crafted ?next= never sends the visitor to another site, before or after signing in', async () => {
  const member = await createSimMember('nextpath');
  const page = await newPage();
  // Were the redirect to leave the site, this stands in for the phishing page (we are offline).
  const phished: string[] = [];
  await page.context().route((url) => url.hostname.endsWith('evil.example'), async (route) => {
    phished.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Sign in to AimHarder</h1>' });
  });
  const crafted = ['/%09/evil.example/login', '/%0d/evil.example/login', '/%0a/evil.example/login', '/%5c%5cevil.example', '/%5C/evil.example', 'javascript:alert(document.domain)'];

  await page.goto(`/sign-in?next=${crafted[0]}`);
  await page.getByRole('textbox', { name: /email/i }).fill(member.email);
  await page.getByRole('textbox', { name: /password/i }).fill(member.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL('**/schedule');

  // Signed in now: the sign-in page redirects at once, and must still stay here.
  for (const next of crafted) {
    await page.goto(`/sign-in?next=${next}`);
    await page.waitForURL('**/schedule');
    expect(new URL(page.url()).host, next).toBe(new URL(getTestStack().urls.app).host);
  }
  expect(phished).toEqual([]);
});
