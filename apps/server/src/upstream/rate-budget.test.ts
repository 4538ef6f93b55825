import type { RequestPriority } from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock';
import { createRateBudget, type Permit, type RateBudgetOptions } from './rate-budget';
import type { BudgetBackend } from './rate-budget-bucket';

const T0 = 1_700_000_000_000; // a whole second, so Sentry's epoch-second resets land exactly

function setup(options: Partial<RateBudgetOptions> = {}) {
  const clock = createManualClock(T0);
  const budget = createRateBudget({ clock, ratePerSecond: 10, burst: 5, maxConcurrent: 100, ...options });
  const granted: Array<{ name: string; at: number; permit: Permit }> = [];
  const request = (name: string, priority: RequestPriority = 'interactive', cost = 1) =>
    budget.acquire({ priority, cost }).then((permit) => {
      granted.push({ name, at: clock.now() - T0, permit });
      return permit;
    });
  return { clock, budget, granted, request };
}

const resetIn = (ms: number) => String((T0 + ms) / 1000);

describe('rate budget: token bucket', () => {
  it('grants the burst at once, then exactly `rate` permits per second', async () => {
    const { clock, granted, request } = setup({ ratePerSecond: 10, burst: 5 });
    for (let i = 0; i < 30; i++) void request(`r${i}`);
    await clock.advance(0);
    expect(granted).toHaveLength(5);
    await clock.advance(999);
    expect(granted).toHaveLength(14);
    await clock.advance(1);
    expect(granted).toHaveLength(15);
    expect(granted.slice(5).map((g) => g.at)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('charges an operation its cost in tokens', async () => {
    const { clock, granted, request } = setup({ ratePerSecond: 10, burst: 5 });
    void request('a', 'interactive', 3);
    void request('b', 'interactive', 3);
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a']);
    await clock.advance(100); // 2 left + 1 refilled = 3
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['a', 0],
      ['b', 100],
    ]);
  });
});

describe('rate budget: queue order', () => {
  it('serves every interactive waiter before background waiters that queued earlier, FIFO within a class', async () => {
    const { clock, granted, request } = setup({ ratePerSecond: 1, burst: 1 });
    void request('first', 'background');
    void request('bg1', 'background');
    void request('bg2', 'background');
    void request('int1', 'interactive');
    void request('int2', 'interactive');
    await clock.advance(0); // let the queue settle before time moves
    await clock.advance(4000);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['first', 0],
      ['int1', 1000],
      ['int2', 2000],
      ['bg1', 3000],
      ['bg2', 4000],
    ]);
  });

  it('rejects an aborted waiter at once with the reason and lets the next one through', async () => {
    const { clock, budget, granted, request } = setup({ ratePerSecond: 1, burst: 1 });
    void request('first');
    const controller = new AbortController();
    const aborted = budget.acquire({ signal: controller.signal });
    void request('second');
    await clock.advance(0);
    controller.abort(new Error('client went away'));
    await expect(aborted).rejects.toThrow('client went away');
    await clock.advance(1000);
    expect(granted.map((g) => [g.name, g.at])).toEqual([
      ['first', 0],
      ['second', 1000],
    ]);
    expect(budget.snapshot().waiting).toEqual({ interactive: 0, background: 0 });
  });
});

describe('rate budget: concurrency', () => {
  it('holds waiters beyond maxConcurrent until a permit is released', async () => {
    const { clock, budget, granted, request } = setup({ maxConcurrent: 2 });
    void request('a');
    void request('b');
    void request('c');
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a', 'b']);
    granted[0]?.permit.release();
    granted[0]?.permit.release(); // a second release must not free a second slot
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a', 'b', 'c']);
    expect(budget.snapshot().inFlight).toBe(2);
  });

  it('lowers the cap to what Sentry says is left of its concurrent limit', async () => {
    const { clock, budget, granted, request } = setup({ maxConcurrent: 10 });
    await request('a');
    budget.observe({ 'x-sentry-rate-limit-concurrentremaining': '1' });
    void request('b');
    void request('c');
    await clock.advance(0);
    expect(granted.map((g) => g.name)).toEqual(['a', 'b']);
    expect(budget.snapshot().concurrencyLimit).toBe(2);
  });
});

describe('rate budget: Sentry headers and pauses', () => {
  it('lets nothing through while Sentry says Remaining=0, until its Reset', async () => {
    const { clock, budget, granted, request } = setup();
    budget.observe({ 'x-sentry-rate-limit-remaining': '0', 'x-sentry-rate-limit-reset': resetIn(5000) });
    void request('a');
    await clock.advance(0);
    await clock.advance(4999);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted.map((g) => g.at)).toEqual([5000]);
  });

  it('allows at most Remaining calls before Reset, even with a full bucket and a stale, looser answer', async () => {
    const { clock, budget, granted, request } = setup({ burst: 5 });
    budget.observe({ 'x-sentry-rate-limit-remaining': '1', 'x-sentry-rate-limit-reset': resetIn(2000) });
    budget.observe({ 'x-sentry-rate-limit-remaining': '3', 'x-sentry-rate-limit-reset': resetIn(2000) });
    for (let i = 0; i < 4; i++) void request(`r${i}`);
    await clock.advance(0);
    await clock.advance(1999);
    expect(granted).toHaveLength(1);
    await clock.advance(1);
    expect(granted).toHaveLength(4);
  });

  it("caps the burst at Sentry's Limit", async () => {
    const { clock, budget, granted, request } = setup({ burst: 5, ratePerSecond: 1 });
    budget.observe({ 'x-sentry-rate-limit-limit': '2' });
    for (let i = 0; i < 5; i++) void request(`r${i}`);
    await clock.advance(0);
    expect(granted).toHaveLength(2);
  });

  it('pauseUntil blocks every acquisition until exactly that time', async () => {
    const { clock, budget, granted, request } = setup();
    budget.pauseUntil(T0 + 3000);
    void request('a');
    void request('b', 'background');
    await clock.advance(0);
    await clock.advance(2999);
    expect(granted).toHaveLength(0);
    expect(budget.snapshot().pausedUntil).toBe(T0 + 3000);
    await clock.advance(1);
    expect(granted.map((g) => g.at)).toEqual([3000, 3000]);
  });

  it('waitUntilOpen resolves when the pause ends', async () => {
    const { clock, budget } = setup();
    budget.pauseUntil(T0 + 1500);
    let openAt: number | null = null;
    void budget.waitUntilOpen().then(() => {
      openAt = clock.now() - T0;
    });
    await clock.advance(0);
    await clock.advance(3000);
    expect(openAt).toBe(1500);
  });
});

describe('rate budget: shared backend', () => {
  const failing: BudgetBackend = {
    take: () => Promise.reject(new Error('redis down')),
    blockedForMs: () => Promise.reject(new Error('redis down')),
    observe: () => Promise.reject(new Error('redis down')),
    pauseUntil: () => Promise.reject(new Error('redis down')),
  };

  it('asks the shared backend for tokens and waits as long as it says', async () => {
    const take = vi.fn<BudgetBackend['take']>().mockResolvedValueOnce(250).mockResolvedValue(0);
    const { clock, granted, request } = setup({ shared: { ...failing, take } });
    void request('a', 'interactive', 2);
    await clock.advance(0);
    await clock.advance(249);
    expect(granted).toHaveLength(0);
    await clock.advance(1);
    expect(granted.map((g) => g.at)).toEqual([250]);
    expect(take).toHaveBeenCalledWith(2);
  });

  it('falls back to the local bucket when the shared backend fails', async () => {
    const onBackendError = vi.fn();
    const { clock, budget, granted, request } = setup({ shared: failing, onBackendError, burst: 2 });
    for (let i = 0; i < 3; i++) void request(`r${i}`);
    await clock.advance(0);
    expect(granted).toHaveLength(2);
    expect(onBackendError).toHaveBeenCalled();
    expect(budget.snapshot()).toMatchObject({ mode: 'shared', tokens: null });
  });
});
