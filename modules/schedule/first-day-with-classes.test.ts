import { describe, expect, test } from 'vitest';
import type { AimHarderClassSlot } from '@/modules/aimharder';
import type { Box } from '@/modules/members';
import { firstDayWithClassesAhead } from './schedule.service';

const box: Box = { boxId: 10122, subdomain: 'demobox', name: 'Demo', timeZone: 'Europe/Madrid', bookingWindowRule: { kind: 'rolling_days', days: 4 }, bookingWindowSource: 'configured' };
const days = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'];
const slot = (day: string, startTime: string): AimHarderClassSlot => ({
  id: `${day}-${startTime}`,
  day,
  startTime,
  endTime: '23:00',
  name: 'WOD',
  coach: null,
  capacity: 14,
  bookedCount: 0,
  waitlistCount: 0,
  memberState: 'none',
  reservationId: null,
});

describe('the day the schedule opens on', () => {
  // Monday 7 December 2026, 22:30 in Madrid (21:30 UTC): the 21:00 class has started.
  const lateEvening = Date.parse('2026-12-07T21:30:00Z');

  test('today while it still has a class to come', async () => {
    const today = [slot('2026-12-07', '21:00'), slot('2026-12-07', '23:00')];
    const chosen = await firstDayWithClassesAhead(box, days, '2026-12-07', today, lateEvening, async () => {
      throw new Error('no other day is read');
    });
    expect(chosen.day).toBe('2026-12-07');
  });

  test('the next day with classes once all of today’s have started (a day without classes is skipped)', async () => {
    const asked: string[] = [];
    const chosen = await firstDayWithClassesAhead(box, days, '2026-12-07', [slot('2026-12-07', '21:00')], lateEvening, async (day) => {
      asked.push(day);
      return day === '2026-12-08' ? [] : [slot(day, '07:00')];
    });
    expect(chosen).toMatchObject({ day: '2026-12-09' });
    expect(asked).toEqual(['2026-12-08', '2026-12-09']);
  });

  test('today when nothing is ahead in the days looked at', async () => {
    const chosen = await firstDayWithClassesAhead(box, days, '2026-12-07', [], lateEvening, async () => []);
    expect(chosen.day).toBe('2026-12-07');
  });
});
