export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_MISSING_MESSAGE = `Chromium not found at ${CHROMIUM_PATH}: install it with "sudo apt-get install -y chromium" (Debian), or set CHROMIUM_PATH.`;

/** Flags for headless Debian Chromium on a machine with no network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
