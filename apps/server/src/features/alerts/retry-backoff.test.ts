import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-backoff';

describe('retry backoff', () => {
  it('doubles from the base, with half of each delay random', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 1_000, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, 1_000, 1))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('never waits more than an hour', () => {
    expect(retryDelay(40, 1_000, 1)).toBe(3_600_000);
  });
});
