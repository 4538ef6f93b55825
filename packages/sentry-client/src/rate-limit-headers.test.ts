import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from './rate-limit-headers';

describe('parseRateLimitHeaders', () => {
  it('reads all five headers as sentry.io sends them, reset converted to epoch ms', () => {
    expect(
      parseRateLimitHeaders({
        'x-sentry-rate-limit-limit': '40',
        'x-sentry-rate-limit-remaining': '39',
        'x-sentry-rate-limit-reset': '1735689600',
        'x-sentry-rate-limit-concurrentlimit': '25',
        'x-sentry-rate-limit-concurrentremaining': '24',
      }),
    ).toEqual({
      limit: 40,
      remaining: 39,
      resetAt: 1_735_689_600_000,
      concurrentLimit: 25,
      concurrentRemaining: 24,
    });
  });

  it('returns an empty object for self-hosted Sentry, which sends none of them', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' })).toEqual({});
  });

  it('keeps zero remaining, the value that matters most', () => {
    expect(parseRateLimitHeaders({ 'x-sentry-rate-limit-remaining': '0' })).toEqual({ remaining: 0 });
  });

  it('drops garbled values instead of guessing', () => {
    expect(
      parseRateLimitHeaders({
        'x-sentry-rate-limit-limit': 'forty',
        'x-sentry-rate-limit-remaining': '-1',
        'x-sentry-rate-limit-reset': '1735689600.5',
        'x-sentry-rate-limit-concurrentlimit': '',
      }),
    ).toEqual({});
  });
});
