import { describe, expect, test } from 'vitest';
import { findOverlap, overlaps } from './find-overlap';

const slot = (id: string, startTime: string, endTime: string, memberState: 'none' | 'booked' | 'waitlisted' = 'none') => ({
  id,
  name: `Class ${id}`,
  day: '2027-03-29',
  startTime,
  endTime,
  memberState,
  reservationId: memberState === 'none' ? null : `r${id}`,
});

describe('overlaps AimHarder refuses at the instant', () => {
  test('same hour, partial overlap, touching ends and other days', () => {
    expect(overlaps({ day: '2027-03-29', startTime: '18:00', endTime: '19:00' }, { day: '2027-03-29', startTime: '18:00', endTime: '19:00' })).toBe(true);
    expect(overlaps({ day: '2027-03-29', startTime: '18:00', endTime: '19:00' }, { day: '2027-03-29', startTime: '18:30', endTime: '19:30' })).toBe(true);
    expect(overlaps({ day: '2027-03-29', startTime: '18:00', endTime: '19:00' }, { day: '2027-03-29', startTime: '19:00', endTime: '20:00' })).toBe(false);
    expect(overlaps({ day: '2027-03-29', startTime: '18:00', endTime: '19:00' }, { day: '2027-03-30', startTime: '18:00', endTime: '19:00' })).toBe(false);
    // Unknown end: an hour.
    expect(overlaps({ day: '2027-03-29', startTime: '18:00', endTime: null }, { day: '2027-03-29', startTime: '18:59', endTime: '19:30' })).toBe(true);
  });

  test('a booking the member holds at that hour is named', () => {
    const target = slot('2', '18:00', '19:00');
    const conflict = findOverlap(target, { slots: [slot('1', '18:00', '19:00', 'booked'), target], prebookings: [] });
    expect(conflict).toMatchObject({ kind: 'booking', className: 'Class 1', startTime: '18:00', state: 'booked', reservationId: 'r1' });
  });

  test('a waitlist place counts too; a class at another hour does not', () => {
    const target = slot('2', '18:00', '19:00');
    expect(findOverlap(target, { slots: [slot('1', '18:30', '19:30', 'waitlisted')], prebookings: [] })).toMatchObject({ kind: 'booking', state: 'waitlisted' });
    expect(findOverlap(target, { slots: [slot('1', '07:00', '08:00', 'booked')], prebookings: [] })).toBeNull();
  });

  test('an active prebooking at that hour is named; the same class is not a conflict with itself', () => {
    const target = slot('2', '18:00', '19:00');
    const prebooking = { id: 'p1', classId: '1', classDay: '2027-03-29', classStartTime: '18:00', className: 'OPEN BOX' };
    expect(findOverlap(target, { slots: [slot('1', '18:00', '19:00'), target], prebookings: [prebooking] })).toMatchObject({ kind: 'prebooking', prebookingId: 'p1', className: 'OPEN BOX' });
    expect(findOverlap(target, { slots: [target], prebookings: [{ ...prebooking, classId: '2' }] })).toBeNull();
  });
});
