import { describe, expect, it } from 'vitest';
import { parseDateHeader } from './date-header';

describe('parseDateHeader', () => {
  it('reads an IMF-fixdate to the second', () => {
    expect(parseDateHeader('Sun, 06 Dec 2026 23:59:55 GMT')).toBe(Date.UTC(2026, 11, 6, 23, 59, 55));
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['garbage'],
    ['Sunday, 06-Dec-26 23:59:55 GMT'], // RFC 850, obsolete
    ['Sun Dec  6 23:59:55 2026'], // asctime
    ['Sun, 06 Dec 2026 23:59:55 +0100'],
    ['Mon, 31 Feb 2026 10:00:00 GMT'], // no such day
    ['Sat, 06 Dec 2026 23:59:55 GMT'], // wrong weekday: a rewritten header
    ['Thu, 01 Jan 1970 00:00:00 GMT'], // a proxy's zero clock
  ])('refuses %s', (value) => {
    expect(parseDateHeader(value)).toBeNull();
  });
});
