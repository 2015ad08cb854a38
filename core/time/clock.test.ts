import { expect, test } from 'vitest';
import { createManualClock, createSkewedClock, systemClock } from './clock';

test('sleepUntil wakes at the target, not before', async () => {
  const target = systemClock.now() + 30;
  await systemClock.sleepUntil(target);
  expect(systemClock.now()).toBeGreaterThanOrEqual(target);
});

test('a skewed clock reads ahead and sleeps to the true instant', async () => {
  const skewed = createSkewedClock(() => 500);
  expect(skewed.now() - systemClock.now()).toBeGreaterThanOrEqual(499);
  const target = skewed.now() + 20;
  await skewed.sleepUntil(target);
  expect(skewed.now()).toBeGreaterThanOrEqual(target);
});

test('a manual clock releases sleepers only when moved past their instant', async () => {
  const clock = createManualClock(1_000);
  let woke = false;
  const sleeping = clock.sleepUntil(1_010).then(() => {
    woke = true;
  });
  clock.advance(9);
  await Promise.resolve();
  expect(woke).toBe(false);
  clock.advance(1);
  await sleeping;
  expect(woke).toBe(true);
});
