import { describe, expect, it } from 'vitest';
import { parseRetryDelayExpression } from './retry-delay-expression';

describe('Upstash-Retry-Delay expressions', () => {
  it.each([
    ['1000', 0, 1000],
    ['1000 * (1 + retried)', 2, 3000],
    ['pow(2, retried) * 1000', 3, 8000],
    ['max(1000, pow(2, retried) * 100)', 1, 1000],
    ['min(5000, exp(retried) * 100)', 10, 5000],
    ['-(-retried) / 2 + sqrt(16) - abs(-1) + floor(1.7) + ceil(0.2) + round(0.5)', 4, 8],
  ])('%s with retried=%d → %d', (source, retried, expected) => {
    expect(parseRetryDelayExpression(source).evaluate(retried)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['pow(2, retried', /expected "\)"/],
    ['retried +', /unexpected end/],
    ['attempts * 2', /unknown name "attempts"/],
    ['sqrt(1, 2)', /takes 1 argument/],
    ['1000; process.exit()', /unexpected character/],
    ['1000 1000', /unexpected "1000"/],
  ])('rejects %j', (source, message) => {
    expect(() => parseRetryDelayExpression(source)).toThrow(message);
  });
});
