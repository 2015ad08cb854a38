'use client';

import { useEffect } from 'react';

/**
 * Registers /sw.js once the page has loaded (so it never competes with the first render). The
 * worker only answers navigations when the network fails and serves immutable static files; it
 * never caches pages or API responses (see public/sw.js), so `next dev`'s hot reload is untouched.
 */
export function ServiceWorkerRegistrar() {
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const register = () => {
      navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch((error: unknown) => {
        console.warn('Service worker registration failed', error);
      });
    };
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
    return () => window.removeEventListener('load', register);
  }, []);
  return null;
}
