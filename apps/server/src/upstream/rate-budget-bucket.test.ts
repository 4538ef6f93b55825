import { describe, expect, it } from 'vitest';
import { blockedFor, initialBucket, observe, pause, refill, take } from './rate-budget-bucket';

const config = { ratePerSecond: 4, burst: 2 };

describe('token bucket (pure)', () => {
  it('refills continuously with time and never beyond the burst', () => {
    const empty = { ...initialBucket(config, 0), tokens: 0 };
    expect(refill(empty, config, 250).tokens).toBeCloseTo(1);
    expect(refill(empty, config, 10_000).tokens).toBe(2);
  });

  it('does not mint tokens when the clock goes backwards', () => {
    const empty = { ...initialBucket(config, 1_000), tokens: 0 };
    const back = refill(empty, config, 0);
    expect(back.tokens).toBe(0);
    expect(refill(back, config, 1_000).tokens).toBe(0);
  });

  it('answers the exact wait for the missing fraction of a token, and takes nothing meanwhile', () => {
    const state = { ...initialBucket(config, 0), tokens: 0.5 };
    const first = take(state, config, 0, 1);
    expect(first.waitMs).toBe(125);
    expect(first.state.tokens).toBe(0.5);
    const later = take(first.state, config, 125, 1);
    expect(later.waitMs).toBe(0);
    expect(later.state.tokens).toBeCloseTo(0);
  });

  it('caps a cost larger than the bucket at the bucket size instead of waiting forever', () => {
    expect(take(initialBucket(config, 0), config, 0, 50).waitMs).toBe(0);
  });

  it('keeps the tighter of two live Sentry windows and forgets one after its reset', () => {
    let state = observe(initialBucket(config, 0), 0, { remaining: 3, resetAt: 1_000 });
    state = observe(state, 10, { remaining: 7, resetAt: 1_000 });
    expect(state.window).toEqual({ remaining: 3, resetAt: 1_000 });
    state = observe(state, 20, { remaining: 3, resetAt: 2_000 });
    expect(state.window).toEqual({ remaining: 3, resetAt: 2_000 });
    state = observe(state, 2_000, { remaining: 9, resetAt: 3_000 });
    expect(state.window).toEqual({ remaining: 9, resetAt: 3_000 });
  });

  it('ignores a window whose reset has already passed', () => {
    expect(observe(initialBucket(config, 0), 5_000, { remaining: 0, resetAt: 4_000 }).window).toBeNull();
  });

  it('blocks during a pause or an exhausted window, and not otherwise', () => {
    const paused = pause(initialBucket(config, 0), 300);
    expect(blockedFor(paused, 100)).toBe(200);
    expect(pause(paused, 200).pausedUntil).toBe(300); // a pause only grows
    const exhausted = observe(initialBucket(config, 0), 0, { remaining: 0, resetAt: 700 });
    expect(blockedFor(exhausted, 100)).toBe(600);
    expect(blockedFor(exhausted, 700)).toBe(0);
  });
});
