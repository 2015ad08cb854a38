import { createHash } from 'node:crypto';

/**
 * AimHarder's login wants a 50-character device id the browser keeps in localStorage. A stable
 * one per member avoids looking like a new device on every login (danielcasanovas, alliso);
 * the recipe matches kiru22/epereztg so a member moving between bots keeps one device.
 */
export function deriveFingerprint(email: string): string {
  return createHash('sha256').update(`aimharder-bot-${email.trim().toLowerCase()}`).digest('hex').slice(0, 50);
}
