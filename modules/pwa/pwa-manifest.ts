import type { MetadataRoute } from 'next';

/** The design's colours (app/globals.css): the header's navy, the page background. */
export const PWA_THEME_COLOR = '#0f172a';
export const PWA_BACKGROUND_COLOR = '#f8fafc';

/**
 * The web app manifest (served at /manifest.webmanifest by app/manifest.ts): what Chromium's
 * installability check and the home screen need — names, start URL, standalone display, colours,
 * and 192/512 px icons in both purposes (maskable ones keep the logo inside the safe zone).
 */
export function buildWebAppManifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Prebooker',
    short_name: 'Prebooker',
    description: 'Get the AimHarder class you want at the exact instant booking opens.',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: PWA_THEME_COLOR,
    background_color: PWA_BACKGROUND_COLOR,
    categories: ['sports', 'health', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: 'My classes', url: '/my-classes' },
      { name: 'Schedule', url: '/schedule' },
    ],
  };
}
