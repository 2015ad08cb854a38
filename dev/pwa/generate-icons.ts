/**
 * `npx tsx dev/pwa/generate-icons.ts`: renders app/icon.svg with Chromium (playwright-core) into the
 * PNG icons the manifest, iOS and old browsers ask for, and wraps 16/32/48 px PNGs into
 * app/favicon.ico. The outputs are committed; run this again only when the logo changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../../tests/support/browser';

const SVG = fs.readFileSync('app/icon.svg', 'utf8');
const BACKGROUND = '#0f172a';

/** `inset`: share of the canvas the logo fills (maskable icons keep it inside the 80% safe zone). */
async function render(page: import('playwright-core').Page, size: number, inset: number, rounded: boolean): Promise<Buffer> {
  const logo = Math.round(size * inset);
  const svg = rounded ? SVG : SVG.replace(/rx="7"/, 'rx="0"');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${inset < 1 ? BACKGROUND : 'transparent'}">
      <div style="width:${logo}px;height:${logo}px">${svg.replace('<svg ', `<svg width="${logo}" height="${logo}" `)}</div></body></html>`,
  );
  return page.screenshot({ omitBackground: inset === 1, clip: { x: 0, y: 0, width: size, height: size } });
}

/** ICO with PNG images inside (supported by every browser since IE Vista). */
function toIco(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const browser = await launchBrowser();
  const page = await browser.newPage();
  try {
    const out = (file: string, data: Buffer) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
      console.log(`${file} (${data.length} bytes)`);
    };
    out('public/icons/icon-192.png', await render(page, 192, 1, true));
    out('public/icons/icon-512.png', await render(page, 512, 1, true));
    // Maskable: full-bleed background, logo within the central safe zone; the platform crops the shape.
    out('public/icons/icon-maskable-512.png', await render(page, 512, 0.62, false));
    out('public/icons/icon-maskable-192.png', await render(page, 192, 0.62, false));
    // iOS draws its own rounded corners and shows transparency as black: square and opaque.
    out('public/apple-touch-icon.png', await render(page, 180, 0.75, false));
    // The notification badge on Android: the logo alone.
    out('public/icons/badge-96.png', await render(page, 96, 1, true));
    const ico = await Promise.all([16, 32, 48].map(async (size) => ({ size, png: await render(page, size, 1, true) })));
    out('app/favicon.ico', toIco(ico));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
