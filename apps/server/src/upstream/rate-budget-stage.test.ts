import {
  type RateLimitHeaders,
  SentryNotFoundError,
  SentryRateLimitError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock';
import { createRateBudget } from './rate-budget';
import { createRateBudgetStage, DEFAULT_RATE_LIMIT_PAUSE_MS } from './rate-budget-stage';

const T0 = 1_700_000_000_000;
const req: UpstreamRequest = {
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
};
const ok = (headers: Record<string, string> = {}): UpstreamResponse => ({ status: 200, headers, body: [] });
const apiInit = (status: number, rateLimit: RateLimitHeaders = {}) => ({
  ...req,
  status,
  detail: null,
  bodySnippet: null,
  rateLimit,
});

function fakeBudget() {
  const release = vi.fn();
  return {
    release,
    acquire: vi.fn(async () => ({ release })),
    observe: vi.fn(),
    observeLimits: vi.fn(),
    pauseUntil: vi.fn(),
  };
}

describe('rate budget stage', () => {
  it('acquires with the request priority and the operation cost, and releases after the answer', async () => {
    const budget = fakeBudget();
    const signal = new AbortController().signal;
    const next = vi.fn(async () => {
      expect(budget.release).not.toHaveBeenCalled(); // the permit is held during the call
      return ok();
    });
    const transport = createRateBudgetStage({ budget, costOf: (op) => (op === 'issues.list' ? 3 : 1) })(next);
    await transport({ ...req, priority: 'background', signal });
    expect(budget.acquire).toHaveBeenCalledWith({ priority: 'background', cost: 3, signal });
    expect(budget.release).toHaveBeenCalledTimes(1);
  });

  it('treats a request without priority as interactive', async () => {
    const budget = fakeBudget();
    await createRateBudgetStage({ budget, costOf: () => 1 })(async () => ok())(req);
    expect(budget.acquire).toHaveBeenCalledWith(expect.objectContaining({ priority: 'interactive' }));
  });

  it("observes every answer's headers, and the rate limits carried by an API error", async () => {
    const budget = fakeBudget();
    const headers = { 'x-sentry-rate-limit-remaining': '7' };
    const stage = createRateBudgetStage({ budget, costOf: () => 1 });
    await stage(async () => ok(headers))(req);
    expect(budget.observe).toHaveBeenCalledWith(headers);

    const notFound = new SentryNotFoundError(apiInit(404, { remaining: 6 }));
    await expect(stage(() => Promise.reject(notFound))(req)).rejects.toBe(notFound);
    expect(budget.observeLimits).toHaveBeenCalledWith({ remaining: 6 });
    expect(budget.pauseUntil).not.toHaveBeenCalled();
    expect(budget.release).toHaveBeenCalledTimes(2);
  });

  it("pauses the budget until a 429's reset, or for 60 s when Sentry gave none", async () => {
    const clock = createManualClock(T0);
    const budget = fakeBudget();
    const stage = createRateBudgetStage({ budget, costOf: () => 1, clock });
    const withReset = new SentryRateLimitError(apiInit(429, { remaining: 0 }), T0 + 4_000);
    await expect(stage(() => Promise.reject(withReset))(req)).rejects.toBe(withReset);
    expect(budget.pauseUntil).toHaveBeenLastCalledWith(T0 + 4_000);
    expect(budget.observeLimits).toHaveBeenCalledWith({ remaining: 0 });

    const withoutReset = new SentryRateLimitError(apiInit(429), null);
    await expect(stage(() => Promise.reject(withoutReset))(req)).rejects.toBe(withoutReset);
    expect(budget.pauseUntil).toHaveBeenLastCalledWith(T0 + DEFAULT_RATE_LIMIT_PAUSE_MS);
  });

  it('with a real budget, holds the next request until the reset of a 429', async () => {
    const clock = createManualClock(T0);
    const budget = createRateBudget({ clock, ratePerSecond: 100, burst: 10, maxConcurrent: 10 });
    const answers: Array<() => Promise<UpstreamResponse>> = [
      () => Promise.reject(new SentryRateLimitError(apiInit(429), T0 + 2_000)),
      async () => ok(),
    ];
    const transport = createRateBudgetStage({ budget, costOf: () => 1, clock })(() => answers.shift()!());
    await expect(transport(req)).rejects.toBeInstanceOf(SentryRateLimitError);
    let answeredAt: number | null = null;
    void transport(req).then(() => {
      answeredAt = clock.now() - T0;
    });
    await clock.advance(0);
    await clock.advance(1_999);
    expect(answeredAt).toBeNull();
    await clock.advance(1);
    expect(answeredAt).toBe(2_000);
  });
});
