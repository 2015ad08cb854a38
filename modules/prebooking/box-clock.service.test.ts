import { describe, expect, it } from 'vitest';
import { systemClock } from '@/core/time/clock';
import { DEFAULT_BOX_CLOCK_POLICY } from '@/modules/aimharder';
import { refreshBoxClock } from './box-clock.service';
import type { PrebookingDependencies } from './prebooking-dependencies';

function dependencies() {
  const stored: unknown[] = [];
  let probes = 0;
  const deps = {
    clock: systemClock,
    logger: { info: () => undefined, warn: () => undefined },
    db: { from: () => ({ insert: async (row: unknown) => (stored.push(row), { error: null }) }) },
    boxClock: {
      enabled: true,
      policy: DEFAULT_BOX_CLOCK_POLICY,
      hostOf: () => 'demobox.aimharder.com',
      probeFor: () => async () => {
        probes += 1;
        return new Date().toUTCString();
      },
    },
  } as unknown as PrebookingDependencies;
  return { deps, stored, probes: () => probes };
}

describe('refreshBoxClock', () => {
  it('joins a stored measurement of the same host already under way instead of probing again', async () => {
    const { deps, stored, probes } = dependencies();
    const box = { boxId: 1, subdomain: 'demobox' };
    const [first, second] = await Promise.all([
      refreshBoxClock(deps, box, { current: null, budget: 1, store: true }),
      refreshBoxClock(deps, box, { current: null, budget: 1, store: true }),
    ]);
    expect(probes()).toBe(1);
    expect(stored).toHaveLength(1);
    expect(second).toBe(first);
    // Once it is over, the next refresh measures again.
    await refreshBoxClock(deps, box, { current: null, budget: 1, store: true });
    expect(probes()).toBe(2);
  });
});
