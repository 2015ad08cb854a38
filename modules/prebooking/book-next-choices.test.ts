import { describe, expect, test } from 'vitest';
import type { AimHarderClient, BookingOutcome } from '@/modules/aimharder';
import { bookOpenAlternatives } from './book-next-choices';
import type { Prebooking } from './prebooking.schema';

const OPENING = Date.parse('2026-12-07T17:00:00Z');
const choice = (classId: string, classStartTime: string) => ({ classId, classDay: '2026-12-09', classStartTime, className: 'WOD', availableAt: new Date(OPENING).toISOString() });
const prebooking = {
  ...choice('first', '18:00'),
  alternatives: [choice('second', '19:00'), choice('third', '20:00')],
} as unknown as Prebooking;

/** An AimHarder whose booking answers come from `answers` by class id; every step lands in `log`. */
function fakeAimHarder(log: string[], answers: Record<string, BookingOutcome>): AimHarderClient {
  return {
    book: async (_box: unknown, _day: string, classId: string) => {
      log.push(`request ${classId}`);
      await new Promise((resolve) => setImmediate(resolve));
      return answers[classId]!;
    },
  } as unknown as AimHarderClient;
}

function recorder(log: string[], fails = false) {
  return async () => {
    log.push('record starts');
    await new Promise((resolve) => setImmediate(resolve));
    if (fails) throw new Error('database unavailable');
    log.push('record done');
  };
}

const now = () => OPENING + 20;

describe('going on down the list after a full first choice', () => {
  test('the next request leaves before the first fire is recorded, and the record is done before the booked answer is acted on', async () => {
    const log: string[] = [];
    const aimharder = fakeAimHarder(log, { second: { kind: 'booked', reservationId: 'r-2' } });
    const booked = await bookOpenAlternatives(aimharder, { boxId: 1, subdomain: 'box' }, prebooking, 1, now, (attempt) => log.push(`attempt ${attempt.choice.classId}`), recorder(log));
    expect(booked).toMatchObject({ choice: { position: 2, classId: 'second' }, outcome: { kind: 'booked' } });
    expect(log.indexOf('request second')).toBeLessThan(log.indexOf('record starts'));
    expect(log.indexOf('record done')).toBeLessThan(log.indexOf('attempt second'));
    expect(log.filter((line) => line === 'record starts')).toHaveLength(1);
  });

  test('a full alternative goes on to the next at once, the record once, in flight behind the first request', async () => {
    const log: string[] = [];
    const aimharder = fakeAimHarder(log, { second: { kind: 'full' }, third: { kind: 'booked', reservationId: 'r-3' } });
    const booked = await bookOpenAlternatives(aimharder, { boxId: 1, subdomain: 'box' }, prebooking, 1, now, (attempt) => log.push(`attempt ${attempt.choice.classId}`), recorder(log));
    expect(booked?.choice.classId).toBe('third');
    expect(log.filter((line) => line === 'record starts')).toHaveLength(1);
    expect(log.indexOf('request second')).toBeLessThan(log.indexOf('record starts'));
    expect(log.indexOf('record done')).toBeLessThan(log.indexOf('attempt third'));
  });

  test('nothing open to book: the fire is recorded all the same', async () => {
    const log: string[] = [];
    const later = { ...prebooking, alternatives: [{ ...choice('second', '19:00'), availableAt: new Date(OPENING + 60_000).toISOString() }] } as Prebooking;
    expect(await bookOpenAlternatives(fakeAimHarder(log, {}), { boxId: 1, subdomain: 'box' }, later, 1, now, () => undefined, recorder(log))).toBeNull();
    expect(log).toEqual(['record starts', 'record done']);
  });

  test('a record that fails is not swallowed: the booked answer is not acted on as if the fire were stored', async () => {
    const log: string[] = [];
    const aimharder = fakeAimHarder(log, { second: { kind: 'booked', reservationId: 'r-2' } });
    await expect(bookOpenAlternatives(aimharder, { boxId: 1, subdomain: 'box' }, prebooking, 1, now, (attempt) => log.push(`attempt ${attempt.choice.classId}`), recorder(log, true))).rejects.toThrow('database unavailable');
    expect(log).not.toContain('attempt second');
  });
});
