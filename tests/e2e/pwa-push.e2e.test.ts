/**
 * The installable app and its pushes in Debian Chromium against the whole local stack: the
 * manifest and service worker pass Chromium's own installability check (DevTools protocol), the
 * offline page answers when the network is cut, a push delivered to the service worker through
 * the DevTools protocol shows the notification an outcome would (title, body, action), and tapping
 * its action opens the prebooking's card. Screenshots on a phone viewport.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { composeOutcomePush } from '../../modules/notifications/push/outcome-push';
import { createPrebookingFor, createSimClass, signIn, waitFor, type PrebookingJson } from '../support/app-client';
import { SCREENSHOT_DIR } from '../support/browser';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import { getTestStack } from '../support/test-stack';
import { createTestPushSubscriber } from '../../dev/push/test-push-subscriber';
import { devicesOf, subscribeDevice } from '../integration/push-support';
import { createSimMember, PHONE, saveScreenshots, signInThroughForm } from './browser-helpers';

let profileDir: string;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let member: { email: string; password: string };
let prebooking: PrebookingJson;
const pageErrors: string[] = [];

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  actions: Array<{ action: string; title: string }>;
  data: { url: string; actionUrls: Record<string, string>; prebookingId: string };
}

const origin = () => getTestStack().urls.app;

async function controlledBy(page: Page): Promise<string | null> {
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null);
}

beforeAll(async () => {
  member = await createSimMember('pwa');
  const apiMember = await signIn(member.email, member.password);
  prebooking = await createPrebookingFor(apiMember, await createSimClass({ opensInMs: 60 * 60_000, name: `WOD pwa-${Date.now().toString(36)}` }));
  await subscribeDevice(apiMember, 'Chrome on Android');
  // A real (persistent) profile: Chromium never offers to install from an incognito context, which
  // is what browser.newContext() gives, and says so as the installability error "in-incognito".
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prebooker-pwa-profile-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: PHONE,
    locale: 'en-US',
    baseURL: origin(),
    timezoneId: 'America/New_York',
  });
  await context.grantPermissions(['notifications'], { origin: origin() });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  cdp = await context.newCDPSession(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
});

describe('the installable app', () => {
  test('serves the manifest, icons and favicon, registers the service worker, and passes Chromium’s installability check', async () => {
    await signInThroughForm(page, member.email, member.password);
    await page.waitForURL((url) => url.pathname !== '/sign-in');
    const scriptUrl = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? null);
    expect(scriptUrl).toBe(`${origin()}/sw.js`);

    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[]; data?: string };
    expect(manifest.url).toBe(`${origin()}/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data ?? '{}') as { display: string; start_url: string; icons: Array<{ sizes: string; purpose: string }> };
    expect(parsed).toMatchObject({ display: 'standalone', start_url: '/' });
    expect(parsed.icons.map((icon) => `${icon.sizes}/${icon.purpose}`)).toEqual(expect.arrayContaining(['192x192/any', '512x512/any', '512x512/maskable']));
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    expect(installabilityErrors).toEqual([]);

    for (const [path, type] of [
      ['/apple-touch-icon.png', 'image/png'],
      ['/favicon.ico', 'image/x-icon'],
      ['/icons/icon-512.png', 'image/png'],
      ['/icons/icon-maskable-512.png', 'image/png'],
    ] as const) {
      const response = await fetch(`${origin()}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
    }
  });

  test('never caches pages or API responses: only the shell and immutable static files', async () => {
    await page.goto('/prebookings');
    await waitFor(() => controlledBy(page), 10_000, 'the page to be controlled by the service worker');
    await page.evaluate(() => fetch('/api/me/prebookings').then((response) => response.text()));
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname + new URL(request.url).search);
      return urls;
    });
    expect(cached).toEqual(expect.arrayContaining(['/offline?lang=en', '/offline?lang=es', '/manifest.webmanifest']));
    expect(cached.filter((url) => !url.startsWith('/_next/static/') && !url.startsWith('/offline?lang=') && !url.startsWith('/icons/') && !['/manifest.webmanifest', '/favicon.ico'].includes(url))).toEqual([]);
  });

  test('shows the offline page when the network is cut, and the app again when it is back', async () => {
    await page.goto('/prebookings');
    await waitFor(() => controlledBy(page), 10_000, 'the page to be controlled by the service worker');
    await context.setOffline(true);
    try {
      await page.goto('/schedule');
      await page.getByRole('heading', { name: "You're offline" }).waitFor({ timeout: 10_000 });
      await page.getByText('Your prebookings still fire: Prebooker runs them on the server').waitFor();
      await saveScreenshots(page, 'pwa-offline');
    } finally {
      await context.setOffline(false);
    }
    await page.goto('/schedule');
    await expect(page.getByRole('heading', { name: "You're offline" }).count()).resolves.toBe(0);
  });
});

describe('push notifications in the browser', () => {
  test('the goals page lists the member’s devices and offers to turn push on here', async () => {
    pageErrors.length = 0;
    await page.goto('/goals');
    await page.getByRole('heading', { name: 'Push notifications' }).waitFor();
    await page.getByRole('button', { name: 'Turn on for this device' }).waitFor();
    await page.getByRole('list', { name: 'Your devices' }).getByText('Chrome on Android').waitFor();
    await page.getByRole('heading', { name: 'Push notifications' }).scrollIntoViewIfNeeded();
    await saveScreenshots(page, 'push-settings');
    await page.locator('section#push').screenshot({ path: path.join(SCREENSHOT_DIR, 'push-settings-card-phone.png') });
    // Hydrated without a mismatch (React reports one as a page error).
    expect(pageErrors).toEqual([]);
  });

  test('turning push on and off for this device from the goals page', async () => {
    // Offline, Chromium cannot reach its vendor's push service, so subscribe() cannot succeed: it is
    // replaced by one that returns a subscription on dev/push (what FCM would have handed back).
    // Everything else is the page's real code: permission, the VAPID key, the POST, the list.
    const subscriber = createTestPushSubscriber(getTestStack().urls.push!);
    const pushPage = await context.newPage();
    await pushPage.addInitScript(({ endpoint, keys }) => {
      let current: object | null = null;
      const fake = {
        endpoint,
        expirationTime: null,
        options: {},
        toJSON: () => ({ endpoint, expirationTime: null, keys }),
        unsubscribe: async () => {
          current = null;
          return true;
        },
        getKey: () => null,
      };
      const calls: unknown[] = [];
      (window as unknown as { __subscribeCalls: unknown[] }).__subscribeCalls = calls;
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        calls.push({ userVisibleOnly: options?.userVisibleOnly, keyBytes: options?.applicationServerKey ? new Uint8Array(options.applicationServerKey as ArrayBuffer).length : 0 });
        current = fake;
        return fake as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        return current as unknown as PushSubscription | null;
      };
    }, { endpoint: subscriber.endpoint, keys: subscriber.keys });
    await pushPage.goto('/goals');
    const card = pushPage.locator('section#push');
    await card.getByRole('button', { name: 'Turn on for this device' }).click();
    await card.getByText('Push notifications are on for this device.').waitFor();
    await card.getByRole('list', { name: 'Your devices' }).getByText('(this device)').waitFor();
    expect(await pushPage.evaluate(() => (window as unknown as { __subscribeCalls: unknown[] }).__subscribeCalls)).toEqual([{ userVisibleOnly: true, keyBytes: 65 }]);
    const apiMember = await signIn(member.email, member.password);
    expect((await devicesOf(apiMember)).map((device) => device.label)).toEqual(['Chrome on Android', 'Chrome on Linux']);
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, 'push-turned-on-card-phone.png') });

    await card.getByRole('button', { name: 'Turn off on this device' }).click();
    await card.getByRole('button', { name: 'Turn on for this device' }).waitFor();
    expect((await devicesOf(apiMember)).map((device) => device.label)).toEqual(['Chrome on Android']);
    await pushPage.close();
  });

  test('a push delivered to the service worker shows the outcome notification; tapping its action opens the prebooking', async () => {
    await page.goto('/prebookings');
    await waitFor(() => controlledBy(page), 10_000, 'the page to be controlled by the service worker');
    const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: typeof registrations }) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    const registration = await waitFor(async () => registrations.find((entry) => entry.scopeURL === `${origin()}/` && !entry.isDeleted) ?? null, 10_000, 'the service worker registration');

    // Exactly what the server pushes for a failed outcome (the same composer), delivered by Chromium's push path.
    const payload = composeOutcomePush({
      prebookingId: prebooking.id,
      locale: 'en',
      outcome: 'failed',
      className: 'WOD',
      boxName: 'Prebooker Demo Box',
      classDay: '2027-03-29',
      classStartTime: '18:00',
      resultCode: 'full',
      resultMessage: 'The class was full.',
      bookedOffsetMs: 3,
      bookedOnRetry: false,
    });
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: `${origin()}/`, registrationId: registration.registrationId, data: JSON.stringify(payload) });

    const shown = await waitFor(
      async () => {
        const notifications = await page.evaluate(async () =>
          (await (await navigator.serviceWorker.ready).getNotifications()).map((notification) => ({
            title: notification.title,
            body: notification.body,
            tag: notification.tag,
            actions: ((notification as Notification & { actions?: Array<{ action: string; title: string }> }).actions ?? []).map((action) => ({ action: action.action, title: action.title })),
            data: notification.data as ShownNotification['data'],
          })),
        );
        return notifications.length > 0 ? (notifications as ShownNotification[]) : null;
      },
      10_000,
      'the notification to show',
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'Not booked: WOD, Mon 29 Mar 18:00',
      body: 'The class was full.',
      tag: `prebooking-${prebooking.id}`,
      actions: [{ action: 'open', title: 'See what happened' }],
    });
    expect(shown[0]!.data.actionUrls.open).toBe(`/my-classes#prebooking-${prebooking.id}`);

    // Tapping the action: the notificationclick the platform would fire, in the service worker.
    await page.goto('/goals');
    const worker = await waitFor(async () => context.serviceWorkers()[0] ?? null, 10_000, 'the service worker handle');
    await worker.evaluate(async (tag) => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(event: Event): boolean };
      const [notification] = await scope.registration.getNotifications({ tag });
      const NotificationEventCtor = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event }).NotificationEvent;
      scope.dispatchEvent(new NotificationEventCtor('notificationclick', { notification: notification!, action: 'open' }));
    }, `prebooking-${prebooking.id}`);
    await page.waitForURL((url) => url.pathname === '/my-classes' && url.hash === `#prebooking-${prebooking.id}`, { timeout: 10_000 });
    await page.locator(`[data-prebooking-id="${prebooking.id}"]`).waitFor();
    await saveScreenshots(page, 'push-opened-prebooking');
    // The tapped notification is closed.
    expect(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length)).toBe(0);
  });
});
