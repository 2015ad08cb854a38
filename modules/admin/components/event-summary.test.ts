import { describe, expect, test } from 'vitest';
import { summarizeEventDetail } from './event-summary';

describe('a timeline event in one line', () => {
  test('plain fields as "key value", instants on the box clock, the answer left to its own section', () => {
    const line = summarizeEventDetail(
      { by: 'admin', messageId: 'msg_123', availableAt: '2026-12-07T17:00:00.000Z', answer: { bookState: 1, token: '[redacted]' }, retried: false },
      (iso) => `box(${iso.slice(11, 19)})`,
    );
    expect(line).toBe('by admin · messageId msg_123 · availableAt box(17:00:00) · retried false');
    expect(line).not.toContain('redacted');
  });
  test('nested objects are named, long values cut, nothing from an empty detail', () => {
    expect(summarizeEventDetail({ attempts: [1, 2, 3], context: { a: 1 }, note: 'x'.repeat(100) }, String)).toBe(`attempts [3] · context {…} · note ${'x'.repeat(60)}…`);
    expect(summarizeEventDetail({}, String)).toBe('');
  });
});
