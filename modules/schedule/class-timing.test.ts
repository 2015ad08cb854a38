import { describe, expect, test } from 'vitest';
import { classTiming } from './class-timing';

const RULE = { kind: 'rolling_days', days: 4 } as const;
// The demo box: 19:00 Madrid (CET, UTC+1) on 30 Nov opens at 19:00 Madrid on 26 Nov.
const OPENS = Date.parse('2026-11-26T18:00:00Z');

describe('where a class stands', () => {
  test('not open until the exact opening instant, then open', () => {
    expect(classTiming(RULE, '2026-11-30', '19:00', 'Europe/Madrid', OPENS - 1)).toMatchObject({ phase: 'not_open' });
    const open = classTiming(RULE, '2026-11-30', '19:00', 'Europe/Madrid', OPENS);
    expect(open.phase).toBe('open');
    expect(open.opensAt?.toISOString()).toBe('2026-11-26T18:00:00.000Z');
    expect(open.startsAt.toISOString()).toBe('2026-11-30T18:00:00.000Z');
  });

  test('started once the class begins, whatever the rule', () => {
    expect(classTiming(RULE, '2026-11-30', '19:00', 'Europe/Madrid', Date.parse('2026-11-30T18:00:00Z')).phase).toBe('started');
    expect(classTiming(null, '2026-11-30', '19:00', 'Europe/Madrid', Date.parse('2026-11-30T18:00:00Z')).phase).toBe('started');
  });

  test('unknown while the box rule is not known', () => {
    const timing = classTiming(null, '2026-11-30', '19:00', 'Europe/Madrid', OPENS);
    expect(timing).toMatchObject({ phase: 'unknown', opensAt: null });
  });
});
