import { describe, expect, test } from 'vitest';
import { aimharderClassSlot } from '@/tests/fixtures/aimharder-class-slot';
import { evaluateClassFindings } from './evaluate-class-findings';

const slot = aimharderClassSlot;
const target = { classId: '1', classDay: '2026-12-10', classStartTime: '18:00', className: 'WOD' };

describe('evaluateClassFindings', () => {
  test('nothing to say about a class that is there, free of clashes and in the plan', () => {
    expect(evaluateClassFindings(target, [slot({}), slot({ id: '2', startTime: '19:00', endTime: '20:00', memberState: 'booked' })])).toEqual([]);
  });

  test('the same session at another time is a move, with the new time', () => {
    const findings = evaluateClassFindings(target, [slot({ startTime: '18:30', endTime: '19:30' })]);
    expect(findings).toMatchObject([{ code: 'class_moved', severity: 'action', detail: { from: '18:00', to: '18:30', classId: '1' } }]);
  });

  test('a missing session with the same class name that day is a move to the nearest one', () => {
    const findings = evaluateClassFindings(target, [slot({ id: '7', startTime: '20:00' }), slot({ id: '8', startTime: '17:00', endTime: '18:00' })]);
    expect(findings[0]).toMatchObject({ code: 'class_moved', detail: { to: '17:00', classId: '8' } });
  });

  test('a missing session with nothing like it is a cancelled class', () => {
    expect(evaluateClassFindings(target, [slot({ id: '9', name: 'OPEN BOX' })]).map((f) => f.code)).toEqual(['class_cancelled']);
  });

  test('holding the class already, or on its waiting list', () => {
    expect(evaluateClassFindings(target, [slot({ memberState: 'booked', reservationId: 'r' })])).toMatchObject([{ code: 'already_booked', detail: { waitlisted: false } }]);
    expect(evaluateClassFindings(target, [slot({ memberState: 'waitlisted' })])).toMatchObject([{ code: 'already_booked', detail: { waitlisted: true } }]);
  });

  test('a booking overlapping in time is refused by AimHarder; one that merely touches is not', () => {
    const overlapping = evaluateClassFindings(target, [slot({}), slot({ id: '3', name: 'OPEN BOX', startTime: '18:30', endTime: '19:30', memberState: 'booked' })]);
    expect(overlapping).toMatchObject([{ code: 'overlap', detail: { time: '18:30', otherClass: 'OPEN BOX' } }]);
    expect(evaluateClassFindings(target, [slot({}), slot({ id: '4', startTime: '17:00', endTime: '18:00', memberState: 'booked' })])).toEqual([]);
  });

  test('a class type the plan does not include; unknown inclusion says nothing', () => {
    expect(evaluateClassFindings(target, [slot({ includedInPlan: false })]).map((f) => f.code)).toEqual(['not_in_plan']);
    expect(evaluateClassFindings(target, [slot({ includedInPlan: null })])).toEqual([]);
  });
});
