import { describe, expect, it } from 'vitest';
import { arrivalBoundsOf } from './box-clock-estimate';
import { createTestHost } from './box-clock-test-host';
import { combine, measureBoxClock, priorFrom } from './measure-box-clock';

const START = Date.UTC(2026, 11, 7, 9, 0, 0, 123);

/** A deterministic jitter sequence in [min, max]. */
function jitter(min: number, max: number): () => number {
  let seed = 7;
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return min + (seed / 2_147_483_648) * (max - min);
  };
}

describe('measureBoxClock', () => {
  it.each([0, 500, -500, 2_000, -2_000, 123.4])('bisects a %s ms offset down to ≤ 10 ms within 12 probes, the truth inside', async (offsetMs) => {
    const host = createTestHost({ startMs: START, offsetMs, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, budget: 12, targetWidthMs: 10 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    expect(bounds.hi - bounds.lo).toBeLessThanOrEqual(10);
    // θ = offset + inbound latency: the request let go at t arrives at t + θ on the box clock.
    expect(bounds.lo).toBeLessThanOrEqual(offsetMs + 20);
    expect(bounds.hi).toBeGreaterThan(offsetMs + 20);
    expect(result.estimate.latencyMs).toBe(20);
    expect(host.requests()).toBeLessThanOrEqual(12);
  });

  it.each([0, 2_000, 123.4])('gets a %s ms offset to the sweep\'s 6 ms in 9 probes: the second already bisects the first answer\'s second', async (offsetMs) => {
    const host = createTestHost({ startMs: START, offsetMs, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, budget: 16, targetWidthMs: 6 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const bounds = arrivalBoundsOf(result.estimate);
    expect(bounds.hi - bounds.lo).toBeLessThanOrEqual(6);
    expect(bounds.lo).toBeLessThanOrEqual(offsetMs + 20);
    expect(bounds.hi).toBeGreaterThan(offsetMs + 20);
    expect(host.requests()).toBe(9);
  });

  it('stops at the budget when the interval cannot get that narrow', async () => {
    const host = createTestHost({ startMs: START, offsetMs: 300, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, budget: 3, targetWidthMs: 10 });
    expect(host.requests()).toBe(3);
    expect(result.ok && arrivalBoundsOf(result.estimate).hi - arrivalBoundsOf(result.estimate).lo).toBeGreaterThan(10);
  });

  it('accounts for the round trip: with jittery legs the fastest arrival stays inside', async () => {
    for (const offsetMs of [0, 500, -2_000]) {
      const inbound = jitter(17, 23);
      const host = createTestHost({ startMs: START, offsetMs, inboundMs: inbound, outboundMs: jitter(17, 23) });
      const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, budget: 12, targetWidthMs: 10 });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const bounds = arrivalBoundsOf(result.estimate);
      // Within the inbound jitter of the fastest arrival (offset + 17 ms): a release lands at most
      // that jitter early, which margin and too-early retry cover.
      expect(bounds.lo).toBeLessThanOrEqual(offsetMs + 23);
      expect(bounds.hi).toBeGreaterThan(offsetMs + 17);
    }
  });

  it('never puts the upper bound below the truth, however asymmetric the legs', async () => {
    for (const offsetMs of [0, 500, -2_000]) {
      const host = createTestHost({ startMs: START, offsetMs, inboundMs: jitter(17, 23), outboundMs: jitter(10, 60) });
      const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, budget: 12, targetWidthMs: 10 });
      if (result.ok) expect(arrivalBoundsOf(result.estimate).hi).toBeGreaterThan(offsetMs + 17);
    }
  });

  it('discards garbage Date headers and failed probes; none at all gives no estimate', async () => {
    const garbage = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20, date: () => 'yesterday' });
    expect(await measureBoxClock({ host: 'h', clock: garbage.clock, probe: garbage.probe, budget: 4 })).toEqual({ ok: false, reason: 'no_usable_probe', probes: 4, discarded: 4 });
    let calls = 0;
    const failing = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({
      host: 'h',
      clock: failing.clock,
      probe: async () => {
        calls += 1;
        if (calls % 2 === 0) throw new Error('timeout');
        return failing.probe();
      },
      budget: 12,
    });
    expect(result).toMatchObject({ ok: true, discarded: 6 });
  });

  it('gives up on a host whose Date contradicts itself (a proxy rewriting it)', async () => {
    let flip = false;
    const host = createTestHost({
      startMs: START,
      offsetMs: 0,
      inboundMs: 20,
      outboundMs: 20,
      date: (boxMs) => {
        flip = !flip;
        return new Date(Math.floor((boxMs + (flip ? 0 : 5_000)) / 1000) * 1000).toUTCString();
      },
    });
    expect(await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe })).toMatchObject({ ok: false, reason: 'inconsistent' });
  });

  it('lets no probe go that could still be out at the deadline', async () => {
    const host = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({ host: 'h', clock: host.clock, probe: host.probe, deadlineMs: START + 150 });
    expect(host.requests()).toBe(0);
    expect(result).toMatchObject({ ok: false, reason: 'no_usable_probe' });
    expect(host.clock.now()).toBeLessThanOrEqual(START + 150);
  });

  it('refreshes from a prior estimate with few probes, and drops a prior the host contradicts', async () => {
    const first = createTestHost({ startMs: START, offsetMs: 500, inboundMs: 20, outboundMs: 20 });
    const measured = await measureBoxClock({ host: 'h', clock: first.clock, probe: first.probe });
    if (!measured.ok) throw new Error('expected an estimate');
    const again = createTestHost({ startMs: START + 60_000, offsetMs: 500, inboundMs: 20, outboundMs: 20 });
    const refreshed = await measureBoxClock({ host: 'h', clock: again.clock, probe: again.probe, prior: priorFrom(measured.estimate, 3) });
    expect(refreshed.ok).toBe(true);
    expect(again.requests()).toBeLessThanOrEqual(3);
    // The box clock was stepped by 2 s meanwhile: the prior is dropped and the new offset found.
    const stepped = createTestHost({ startMs: START + 60_000, offsetMs: 2_500, inboundMs: 20, outboundMs: 20 });
    const remeasured = await measureBoxClock({ host: 'h', clock: stepped.clock, probe: stepped.probe, prior: priorFrom(measured.estimate, 3) });
    expect(remeasured.ok).toBe(true);
    if (remeasured.ok) expect(arrivalBoundsOf(remeasured.estimate).lo).toBeGreaterThan(2_400);
  });
});

describe('measureBoxClock with a prior', () => {
  it('checks the prior from both sides: a box clock stepped by +500 ms is not missed', async () => {
    const first = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20 });
    const measured = await measureBoxClock({ host: 'h', clock: first.clock, probe: first.probe });
    if (!measured.ok) throw new Error('expected an estimate');
    for (const step of [500, -500, 30, -30]) {
      const stepped = createTestHost({ startMs: START + 60_000, offsetMs: step, inboundMs: 20, outboundMs: 20 });
      const result = await measureBoxClock({ host: 'h', clock: stepped.clock, probe: stepped.probe, prior: priorFrom(measured.estimate, 1) });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const bounds = arrivalBoundsOf(result.estimate);
      expect(bounds.lo, `step ${step}`).toBeLessThanOrEqual(step + 20);
      expect(bounds.hi, `step ${step}`).toBeGreaterThan(step + 20);
    }
  });

  it('catches the step when the checking probes come back slower than the fastest (the edge checks aim beyond the allowance)', async () => {
    const first = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20 });
    const measured = await measureBoxClock({ host: 'h', clock: first.clock, probe: first.probe });
    if (!measured.ok) throw new Error('expected an estimate');
    for (const step of [500, -500]) {
      // The first probe is the fastest; the others come back 12 ms slower (6 ms of lower-bound allowance).
      let calls = 0;
      const stepped = createTestHost({ startMs: START + 60_000, offsetMs: step, inboundMs: 20, outboundMs: () => (calls++ === 0 ? 20 : 32) });
      const result = await measureBoxClock({ host: 'h', clock: stepped.clock, probe: stepped.probe, prior: priorFrom(measured.estimate, 1) });
      expect(result.ok).toBe(true);
      if (result.ok) expect(Math.abs(arrivalBoundsOf(result.estimate).lo - (step + 20)), `step ${step}`).toBeLessThan(30);
    }
  });

  it('with only two probes, a contradicted prior leaves an estimate too wide to use', async () => {
    const first = createTestHost({ startMs: START, offsetMs: 0, inboundMs: 20, outboundMs: 20 });
    const measured = await measureBoxClock({ host: 'h', clock: first.clock, probe: first.probe });
    if (!measured.ok) throw new Error('expected an estimate');
    const stepped = createTestHost({ startMs: START + 60_000, offsetMs: 500, inboundMs: 20, outboundMs: 20 });
    const result = await measureBoxClock({ host: 'h', clock: stepped.clock, probe: stepped.probe, prior: priorFrom(measured.estimate, 1), budget: 2 });
    if (result.ok) expect(arrivalBoundsOf(result.estimate).hi - arrivalBoundsOf(result.estimate).lo).toBeGreaterThan(40);
  });
});

describe('combine', () => {
  it('takes a crossing within the inbound jitter as the interval, and refuses one of seconds', () => {
    // Two probes, same round trip: one proves θ ≥ 23, the other θ < 18 (their inbound legs differed).
    const above = { sentAtMs: 977, receivedAtMs: 1_017, dateMs: 1_000 };
    const below = { sentAtMs: 1_982, receivedAtMs: 2_022, dateMs: 1_000 };
    expect(combine([above, below], null)).toEqual({ lo: 18, hi: 23 });
    const rewritten = { sentAtMs: 1_982, receivedAtMs: 2_022, dateMs: -4_000 };
    expect(combine([above, rewritten], null)).toBeNull();
  });
});
