import { describe, expect, test } from 'vitest';
import { localeFromAcceptLanguage, resolveLocale } from './locale';

describe('choosing the language', () => {
  test('the switcher cookie wins over the browser', () => {
    expect(resolveLocale('es', 'en-US,en;q=0.9')).toBe('es');
    expect(resolveLocale('en', 'es-ES,es;q=0.9')).toBe('en');
  });

  test('without a cookie the browser preference decides, by quality', () => {
    expect(resolveLocale(undefined, 'es-ES,es;q=0.9,en;q=0.8')).toBe('es');
    expect(resolveLocale(undefined, 'fr-FR,fr;q=0.9,es;q=0.5,en;q=0.7')).toBe('en');
    expect(resolveLocale(undefined, 'ca;q=1, es;q=0.3')).toBe('es');
  });

  test('an unsupported or malformed preference falls back to English', () => {
    expect(resolveLocale('de', 'fr-FR,de;q=0.5')).toBe('en');
    expect(resolveLocale(null, null)).toBe('en');
    expect(localeFromAcceptLanguage('es;q=0')).toBeNull();
    expect(localeFromAcceptLanguage(';;;,')).toBeNull();
  });
});
