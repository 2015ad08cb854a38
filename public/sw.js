/* Prebooker's service worker (registered by modules/pwa/components/service-worker-registrar.tsx).
 *
 * What it caches, and only this: the offline page (one copy per language), the icons and the
 * manifest, and Next's immutable hashed static files (/_next/static, served with
 * `Cache-Control: immutable` by `next start`; `next dev` serves them uncacheable, so hot reload is
 * never served stale). Pages are fetched from the network every time and never stored, because they
 * hold the member's data; API routes are not intercepted at all. When a navigation fails (no
 * network), the offline page answers instead.
 *
 * It also shows web pushes (see modules/notifications/push/outcome-push.ts for the payload) and
 * opens the prebooking when a notification or its action is tapped.
 */
const SHELL_CACHE = 'prebooker-shell-v1';
const STATIC_CACHE = 'prebooker-static-v1';
const LANGUAGES = ['en', 'es'];
const SHELL_URLS = [
  ...LANGUAGES.map((lang) => `/offline?lang=${lang}`),
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/badge-96.png',
  '/favicon.ico',
];
const SHELL_REFRESH_MS = 60 * 60 * 1000;
let shellRefreshedAt = 0;

function isImmutable(response) {
  return response.ok && /\bimmutable\b/.test(response.headers.get('cache-control') || '');
}

/** Caches the shell, and the immutable static files the offline page needs to look right. */
async function cacheShell() {
  const shell = await caches.open(SHELL_CACHE);
  const statics = await caches.open(STATIC_CACHE);
  await Promise.all(
    SHELL_URLS.map(async (url) => {
      const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      if (url.startsWith('/offline')) {
        const html = await response.clone().text();
        const assets = [...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]);
        await Promise.all(
          assets.map(async (asset) => {
            const assetResponse = await fetch(asset).catch(() => null);
            if (assetResponse && isImmutable(assetResponse)) await statics.put(asset, assetResponse);
          }),
        );
      }
      await shell.put(url, response);
    }),
  );
  shellRefreshedAt = Date.now();
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([SHELL_CACHE, STATIC_CACHE]);
      for (const name of await caches.keys()) if (!keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function offlineLanguage() {
  const language = (self.navigator.language || 'en').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(language) ? language : 'en';
}

async function offlineResponse() {
  const shell = await caches.open(SHELL_CACHE);
  const cached = (await shell.match(`/offline?lang=${offlineLanguage()}`)) || (await shell.match('/offline?lang=en'));
  return cached || new Response("You're offline — your prebookings still fire: Prebooker runs them on the server.", { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          // Back online: keep the offline page in step with the deployed build, at most hourly.
          if (Date.now() - shellRefreshedAt > SHELL_REFRESH_MS) event.waitUntil(cacheShell().catch(() => undefined));
          return response;
        })
        .catch(() => offlineResponse()),
    );
    return;
  }

  if (url.pathname.startsWith('/_next/static/')) {
    event.respondWith(
      (async () => {
        const statics = await caches.open(STATIC_CACHE);
        const cached = await statics.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (isImmutable(response)) event.waitUntil(statics.put(request, response.clone()));
        return response;
      })(),
    );
    return;
  }

  if (SHELL_URLS.includes(url.pathname) && !url.pathname.startsWith('/offline')) {
    event.respondWith(fetch(request).catch(async () => (await caches.match(url.pathname)) || Response.error()));
  }
  // Everything else (API routes, pages' data, RSC payloads) goes to the network untouched.
});

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const actions = Array.isArray(data.actions) ? data.actions : [];
  const max = self.Notification && self.Notification.maxActions !== undefined ? self.Notification.maxActions : 2;
  event.waitUntil(
    self.registration.showNotification(data.title || 'Prebooker', {
      body: data.body || '',
      tag: data.tag,
      lang: data.lang,
      icon: '/icons/icon-192.png',
      badge: '/icons/badge-96.png',
      // A newer outcome of the same prebooking replaces the older one, and says so.
      renotify: Boolean(data.tag),
      actions: actions.slice(0, max).map((action) => ({ action: action.action, title: action.title })),
      data: {
        url: data.url || '/my-classes',
        actionUrls: Object.fromEntries(actions.map((action) => [action.action, action.url])),
        prebookingId: data.prebookingId,
      },
    }),
  );
});

/** Only our own pages are opened, whatever a payload says. */
function sameOriginUrl(target) {
  try {
    const url = new URL(target, self.location.origin);
    return url.origin === self.location.origin ? url.href : new URL('/my-classes', self.location.origin).href;
  } catch {
    return new URL('/my-classes', self.location.origin).href;
  }
}

async function openPage(target) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (open) {
    const navigated = await open.navigate(target).catch(() => null);
    const client = navigated || open;
    if ('focus' in client) await client.focus().catch(() => undefined);
    if (navigated) return;
  }
  await self.clients.openWindow(target);
}

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  const target = (event.action && data.actionUrls && data.actionUrls[event.action]) || data.url || '/my-classes';
  event.waitUntil(openPage(sameOriginUrl(target)));
});

// The push service rotated this device's subscription: subscribe again with the same key and tell
// the server (same-origin fetch carries the member's session cookie).
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    (async () => {
      const options = event.oldSubscription && event.oldSubscription.options;
      if (!options) return;
      const subscription = await self.registration.pushManager.subscribe(options);
      await fetch('/api/me/push-subscriptions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...subscription.toJSON(), deviceLabel: 'Browser (renewed)' }),
      });
    })(),
  );
});
