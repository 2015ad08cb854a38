import { describe, expect, test } from 'vitest';
import { aimharderClassSlot } from '@/tests/fixtures/aimharder-class-slot';
import { naturalAlternatives } from './natural-alternatives';
import type { ScheduleClass } from './schedule.schema';

const opening = '2026-12-08T11:00:00.000Z';
const slot = (id: string, startTime: string, name: string, overrides: Partial<ScheduleClass> = {}): ScheduleClass => ({
  ...aimharderClassSlot({ id, startTime, endTime: startTime, name }),
  startsAt: '2026-12-10T17:00:00.000Z',
  opensAt: opening,
  phase: 'not_open',
  full: false,
  prebooking: null,
  failure: null,
  ...overrides,
});

describe('naturalAlternatives', () => {
  test('same name first, then the adjacent hours, nearest first; only classes opening with it or up to 10 min later', () => {
    const first = slot('1', '18:00', 'WOD');
    const day = [
      first,
      slot('2', '20:00', 'WOD'),
      slot('3', '17:00', 'OPEN BOX'),
      slot('4', '19:00', 'WOD'),
      slot('5', '19:00', 'WEIGHTLIFTING'),
      slot('6', '12:00', 'WOD', { opensAt: '2026-12-08T10:00:00.000Z' }),
      slot('7', '21:00', 'WOD', { opensAt: '2026-12-08T11:11:00.000Z' }),
      slot('8', '18:30', 'WOD', { memberState: 'booked' }),
    ];
    expect(naturalAlternatives(first, day).map((candidate) => candidate.id)).toEqual(['4', '2', '3', '5']);
  });

  test('nothing to offer for a class whose opening is unknown', () => {
    expect(naturalAlternatives(slot('1', '18:00', 'WOD', { opensAt: null }), [slot('2', '19:00', 'WOD')])).toEqual([]);
  });
});
