import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildWebAppManifest } from './pwa-manifest';

// /prebookings only redirects to /my-classes since issue 13: a shortcut there costs a round trip.
test('the home-screen shortcuts open My classes and the schedule', () => {
  const shortcuts = buildWebAppManifest().shortcuts ?? [];
  expect(shortcuts.map((shortcut) => shortcut.url)).toEqual(['/my-classes', '/schedule']);
  for (const { url } of shortcuts) {
    const page = path.join(process.cwd(), 'app', '(app)', url, 'page.tsx');
    expect(fs.existsSync(page), `${page} exists`).toBe(true);
  }
});
