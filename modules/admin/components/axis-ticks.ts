/**
 * Whole, evenly spaced ticks from 0 covering `max` (a count): a step of 1, 2 or 5 × 10ⁿ giving at
 * most `maxTicks` ticks. The axis top is the last tick, so bars scale to it ("0, 2, 3" was uneven).
 */
export function axisTicks(max: number, maxTicks = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((factor) => factor * magnitude).find((candidate) => Math.ceil(top / candidate) + 1 <= maxTicks);
    if (found) {
      step = found;
      break;
    }
  }
  const count = Math.ceil(top / step);
  return Array.from({ length: count + 1 }, (_, index) => index * step);
}
