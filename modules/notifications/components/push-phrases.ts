/**
 * The push card's wording built from values, in English and Spanish, and what joins it to the
 * fixed wording the page passes down (push-texts.ts); small enough to ship both languages.
 */
import type { PushStrings } from './push-texts';

export type PushLocale = 'en' | 'es';

const PHRASES = {
  en: {
    added: (date: string) => `added ${date}`,
    lastSent: (date: string) => `last push ${date}`,
  },
  es: {
    added: (date: string) => `añadido el ${date}`,
    lastSent: (date: string) => `última notificación el ${date}`,
  },
} satisfies Record<PushLocale, Record<string, (date: string) => string>>;

/** Every text of the push card in one language. */
export type PushTexts = PushStrings & (typeof PHRASES)['en'];

export function withPushPhrases(strings: PushStrings, locale: PushLocale): PushTexts {
  return { ...strings, ...PHRASES[locale] };
}

/** "Chrome on Android": what the member sees in their device list, from the user agent. */
export function describeDevice(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /SamsungBrowser/.test(userAgent)
      ? 'Samsung Internet'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|Chromium\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  return system ? `${browser} on ${system}` : browser;
}
