/** The poller's pace follows the rate budget: it takes what people leave, and waits out limits. */
import { describe, expect, it } from 'vitest';
import type { RateBudgetSnapshot } from '../../upstream/rate-budget';
import { nextPollDelay } from './poll-delay';

const idle: RateBudgetSnapshot = {
  mode: 'local',
  tokens: 40,
  inFlight: 0,
  concurrencyLimit: 20,
  waiting: { interactive: 0, background: 0 },
  pausedUntil: null,
  window: null,
};
const delay = (snapshot: Partial<RateBudgetSnapshot>) =>
  nextPollDelay({
    baseMs: 10_000,
    maxMs: 120_000,
    burst: 40,
    snapshot: { ...idle, ...snapshot },
    now: 1_000_000,
  });

describe('nextPollDelay', () => {
  it('polls at the base interval when the budget is full and nobody waits', () => {
    expect(delay({})).toEqual({ delayMs: 10_000, reason: 'normal' });
    expect(delay({ mode: 'shared', tokens: null })).toEqual({ delayMs: 10_000, reason: 'normal' });
  });

  it('stretches the interval as the bucket empties or people wait', () => {
    expect(delay({ tokens: 15 })).toEqual({ delayMs: 20_000, reason: 'low-budget' });
    expect(delay({ tokens: 5 })).toEqual({ delayMs: 40_000, reason: 'low-budget' });
    expect(delay({ waiting: { interactive: 3, background: 0 } })).toEqual({
      delayMs: 40_000,
      reason: 'busy',
    });
    expect(delay({ waiting: { interactive: 0, background: 2 } })).toEqual({
      delayMs: 20_000,
      reason: 'busy',
    });
  });

  it("waits out a 429 pause and Sentry's spent window, never beyond the maximum", () => {
    expect(delay({ pausedUntil: 1_030_000 })).toEqual({ delayMs: 40_000, reason: 'paused' });
    expect(delay({ window: { remaining: 3, resetAt: 1_045_000 } })).toEqual({
      delayMs: 46_000,
      reason: 'window',
    });
    expect(delay({ window: { remaining: 500, resetAt: 1_045_000 } }).reason).toBe('normal');
    expect(delay({ pausedUntil: 9_000_000 }).delayMs).toBe(120_000);
  });
});
