import { describe, expect, it } from 'vitest';
import { createSignInThrottle } from './sign-in-throttle';

function setup() {
  let now = 0;
  const throttle = createSignInThrottle({
    now: () => now,
    freeFailures: 3,
    baseDelayMs: 1000,
    maxDelayMs: 8000,
  });
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('sign-in back-off', () => {
  it('lets the first failures through, then doubles the wait with each further failure, up to the cap', () => {
    const { throttle } = setup();
    const key = 'alice';
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      throttle.recordFailure(key);
      waits.push(throttle.retryAfterMs(key));
    }
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000]);
  });

  it('lets an attempt through again once the wait has passed', () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 5; i++) throttle.recordFailure('1.2.3.4');
    expect(throttle.retryAfterMs('1.2.3.4')).toBe(2000);
    advance(1999);
    expect(throttle.retryAfterMs('1.2.3.4')).toBe(1);
    advance(1);
    expect(throttle.retryAfterMs('1.2.3.4')).toBe(0);
  });

  it('counts each key apart, and a success clears its key', () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i++) throttle.recordFailure('bob');
    throttle.recordFailure('carol');
    expect(throttle.retryAfterMs('carol')).toBe(0);
    throttle.recordSuccess('bob');
    expect(throttle.retryAfterMs('bob')).toBe(0);
  });

  it('forgets old failures and keeps at most maxKeys keys', () => {
    let now = 0;
    const throttle = createSignInThrottle({
      now: () => now,
      freeFailures: 0,
      forgetAfterMs: 1000,
      maxKeys: 2,
    });
    throttle.recordFailure('a');
    now = 2000;
    expect(throttle.retryAfterMs('a')).toBe(0);
    throttle.recordFailure('b');
    throttle.recordFailure('c');
    throttle.recordFailure('d');
    expect(throttle.retryAfterMs('b')).toBe(0);
    expect(throttle.retryAfterMs('d')).toBeGreaterThan(0);
  });
});
