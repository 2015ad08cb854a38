import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '@/core/time/clock';
import { DEFAULT_BOX_CLOCK_POLICY } from '@/modules/aimharder';
import { refreshBoxClock } from './box-clock.service';
import type { PrebookingDependencies } from './prebooking-dependencies';

function dependencies(host?: { clock: Clock; probe: () => Promise<string | null> }) {
  const stored: unknown[] = [];
  let probes = 0;
  const deps = {
    clock: host?.clock ?? systemClock,
    logger: { info: () => undefined, warn: () => undefined },
    db: { from: () => ({ insert: async (row: unknown) => (stored.push(row), { error: null }) }) },
    boxClock: {
      enabled: true,
      policy: DEFAULT_BOX_CLOCK_POLICY,
      hostOf: () => 'demobox.aimharder.com',
      probeFor: () => async () => {
        probes += 1;
        return host ? host.probe() : new Date().toUTCString();
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

/** A deterministic jitter sequence in [min, max]. */
function jitter(seed: number, min: number, max: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return min + (seed / 2_147_483_648) * (max - min);
  };
}

/** A box on our clock (offset 0) over legs of 17–23 ms in and 17–30 ms back; virtual time jumps to each awaited instant. */
function jitteryBox() {
  let now = Date.UTC(2026, 11, 7, 9, 0, 0, 123);
  const inbound = jitter(183, 17, 23);
  const outbound = jitter(1_183, 17, 30);
  const clock: Clock = {
    now: () => now,
    sleepUntil: async (epochMs) => {
      if (epochMs > now) now = epochMs;
    },
  };
  const probe = async () => {
    now += inbound();
    const boxMs = now;
    now += outbound();
    return new Date(Math.floor(boxMs / 1000) * 1000).toUTCString();
  };
  return { clock, probe };
}

describe('refreshBoxClock over jittery legs', () => {
  it('keeps probing until the interval is 6 ms, where 12 probes left it 10 ms wide with its low end 6 ms under the truth (a release ~6 ms late)', async () => {
    const { deps, stored, probes } = dependencies(jitteryBox());
    const estimate = await refreshBoxClock(deps, { boxId: 1, subdomain: 'demobox' }, { current: null, store: true });
    expect(estimate).not.toBeNull();
    // θ of the fastest request: offset 0 + the fastest inbound leg, 17 ms.
    const lo = estimate!.offsetLoMs + estimate!.latencyMs;
    const hi = estimate!.offsetHiMs + estimate!.latencyMs;
    expect(hi - lo).toBeLessThanOrEqual(6);
    expect(lo).toBeGreaterThan(17 - 3);
    expect(lo).toBeLessThanOrEqual(17);
    expect(hi).toBeGreaterThan(17);
    expect(probes()).toBeGreaterThan(12);
    expect(stored).toHaveLength(1);
  });
});
