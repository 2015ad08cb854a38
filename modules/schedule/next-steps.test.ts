import { describe, expect, test } from 'vitest';
import type { AimHarderClassSlot } from '@/modules/aimharder';
import { nextStepsFor } from './my-classes.service';

const slot = (overrides: Partial<AimHarderClassSlot>): AimHarderClassSlot => ({
  id: '646157',
  day: '2027-03-29',
  startTime: '18:00',
  endTime: '19:00',
  name: 'WOD',
  coach: null,
  capacity: 12,
  bookedCount: 12,
  waitlistCount: 2,
  memberState: 'none',
  reservationId: null,
  ...overrides,
});

describe('the next step a failed prebooking offers', () => {
  test('places have appeared → book now', () => {
    expect(nextStepsFor({ resultCode: 'full', waitlistIfFull: false }, slot({ bookedCount: 11 }), 0)).toEqual(['book_now', 'prebook_next', 'dismiss']);
  });

  test('still full, and the waiting list was not what refused us → join it', () => {
    expect(nextStepsFor({ resultCode: 'full', waitlistIfFull: false }, slot({}), 0)).toEqual(['join_waitlist', 'prebook_next', 'dismiss']);
  });

  test('full and the waiting list already refused us at the instant → neither', () => {
    expect(nextStepsFor({ resultCode: 'full', waitlistIfFull: true }, slot({}), 0)).toEqual(['prebook_next', 'dismiss']);
  });

  test('AimHarder not answering in time, or the member already holds it → only what needs no live state', () => {
    expect(nextStepsFor({ resultCode: 'full', waitlistIfFull: false }, undefined, 0)).toEqual(['prebook_next', 'dismiss']);
    expect(nextStepsFor({ resultCode: 'full', waitlistIfFull: false }, slot({ memberState: 'booked', bookedCount: 3 }), 0)).toEqual(['prebook_next', 'dismiss']);
  });
});
