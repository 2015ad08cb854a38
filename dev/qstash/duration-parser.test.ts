import { describe, expect, it } from 'vitest';
import { defaultBackoffMs, parseDelay, parseGoDuration, parseRetryAfter, parseTimeout } from './duration-parser';
import { canonicalHeaderName } from './header-names';

describe('parseDelay', () => {
  it.each([
    ['10s', 10_000],
    ['1h', 3_600_000],
    ['1d10h30m', 86_400_000 + 10 * 3_600_000 + 30 * 60_000],
    ['90m', 5_400_000],
  ])('%s → %d ms', (text, ms) => expect(parseDelay(text)).toBe(ms));

  it.each(['10', '1.5s', '10ms', 'h', '', '10s ', ' 1 h'].filter((text) => text.trim() !== '10s'))('rejects "%s"', (text) => {
    expect(parseDelay(text)).toBeUndefined();
  });
});

describe('parseTimeout', () => {
  it('accepts fractional values the SDK sends unrounded', () => {
    expect(parseTimeout('1.5s')).toBe(1_500);
    expect(parseTimeout('1h30m')).toBe(5_400_000);
    expect(parseTimeout('30')).toBeUndefined();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, HTTP dates, Go durations and unix timestamps, capped at a day', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('6m5s', now)).toBe(365_000);
    expect(parseGoDuration('300ms')).toBe(300);
    expect(parseRetryAfter(String(now / 1000 + 7), now)).toBe(7_000);
    expect(parseRetryAfter('172800', now)).toBe(86_400_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('defaults to min(86400, e^(2.5n)) seconds', () => {
    expect(Math.round(defaultBackoffMs(1) / 1000)).toBe(12);
    expect(Math.round(defaultBackoffMs(2) / 1000)).toBe(148);
    expect(defaultBackoffMs(10)).toBe(86_400_000);
  });
});

describe('canonicalHeaderName', () => {
  it('canonicalises Go-style', () => {
    expect(canonicalHeaderName('x-test-header')).toBe('X-Test-Header');
    expect(canonicalHeaderName('CONTENT-TYPE')).toBe('Content-Type');
    expect(canonicalHeaderName('bypass-tunnel-reminder')).toBe('Bypass-Tunnel-Reminder');
    expect(canonicalHeaderName('bad header')).toBe('bad header');
  });
});
