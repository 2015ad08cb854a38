import { describe, expect, it } from 'vitest';
import { boundsFromBookingAnswer, boundsFromDateProbe, intersectBounds, widenBounds } from './arrival-bounds';

describe('boundsFromDateProbe', () => {
  it('bounds the arrival offset by the Date second, from the instant the probe left', () => {
    // Sent at 10 000.300, answered 40 ms later with Date 12 000 (box second 12 000–12 999).
    const bounds = boundsFromDateProbe({ sentAtMs: 10_300, receivedAtMs: 10_340, dateMs: 12_000 }, 40);
    expect(bounds).toEqual({ lo: 1_700, hi: 2_700 });
  });

  it('loosens only the lower bound, by half the time this round trip took beyond the fastest one', () => {
    // 24 ms slower than the fastest: half of it is taken to have passed before the server stamped Date.
    const bounds = boundsFromDateProbe({ sentAtMs: 10_300, receivedAtMs: 10_364, dateMs: 12_000 }, 40);
    expect(bounds).toEqual({ lo: 1_688, hi: 2_700 });
  });
});

describe('boundsFromBookingAnswer', () => {
  it('a too-early answer caps the arrival offset, an accepted one floors it', () => {
    expect(boundsFromBookingAnswer({ sentAtMs: 1_000, openingBoxMs: 1_520, tooEarly: true })).toEqual({ lo: -Infinity, hi: 520 });
    expect(boundsFromBookingAnswer({ sentAtMs: 1_000, openingBoxMs: 1_520, tooEarly: false })).toEqual({ lo: 520, hi: Infinity });
  });

  it('folds into a probe interval', () => {
    const probe = { lo: 500, hi: 540 };
    expect(intersectBounds(probe, boundsFromBookingAnswer({ sentAtMs: 1_000, openingBoxMs: 1_520, tooEarly: true }))).toEqual({ lo: 500, hi: 520 });
    expect(intersectBounds(probe, boundsFromBookingAnswer({ sentAtMs: 1_000, openingBoxMs: 1_520, tooEarly: false }))).toEqual({ lo: 520, hi: 540 });
    // Too early although the interval said it could not be: the two contradict each other.
    expect(intersectBounds(probe, boundsFromBookingAnswer({ sentAtMs: 1_000, openingBoxMs: 1_490, tooEarly: true }))).toBeNull();
  });
});

describe('widenBounds', () => {
  it('widens both sides', () => {
    expect(widenBounds({ lo: 10, hi: 20 }, 5)).toEqual({ lo: 5, hi: 25 });
  });
});
