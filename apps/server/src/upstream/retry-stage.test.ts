import {
  type HttpMethod,
  SentryNetworkError,
  SentryNotFoundError,
  SentryRateLimitError,
  SentryServerError,
  SentryValidationError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from './clock';
import { backoffDelay, createRetryStage, type RetryStageOptions } from './retry-stage';

const T0 = 1_700_000_000_000;
const IDEMPOTENT = new Set(['issues.get']);
const get: UpstreamRequest = {
  operation: 'issues.get',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/1/',
};
const update: UpstreamRequest = { operation: 'issues.update', method: 'PUT', path: get.path };
const create: UpstreamRequest = {
  operation: 'comments.create',
  method: 'POST',
  path: `${get.path}comments/`,
};

const ctx = (req: UpstreamRequest) => ({
  operation: req.operation,
  method: req.method as HttpMethod,
  path: req.path,
});
const apiInit = (req: UpstreamRequest, status: number) => ({
  ...ctx(req),
  status,
  detail: null,
  bodySnippet: null,
  rateLimit: {},
});
const serverError = (req = get) => new SentryServerError(apiInit(req, 503));
const ok: UpstreamResponse = { status: 200, headers: {}, body: {} };

/** A transport that fails with each error in turn, then answers 200. */
function failing(...errors: Error[]) {
  return vi.fn(async (_req: UpstreamRequest) => {
    const error = errors.shift();
    if (error) throw error;
    return ok;
  });
}

function setup(options: Partial<RetryStageOptions> = {}) {
  const clock = createManualClock(T0);
  const onRetry = vi.fn();
  const stage = createRetryStage({
    clock,
    isIdempotent: (op) => IDEMPOTENT.has(op),
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0.5,
    onRetry,
    ...options,
  });
  return { clock, stage, onRetry };
}

describe('retry stage', () => {
  it('retries an idempotent GET after a 503 and returns the success', async () => {
    const { clock, stage, onRetry } = setup();
    const next = failing(serverError());
    const result = stage(next)(get);
    await clock.advance(0);
    expect(next).toHaveBeenCalledTimes(1);
    await clock.advance(49); // random 0.5 * 100 ms
    expect(next).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    await expect(result).resolves.toBe(ok);
    expect(next).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1, delayMs: 50 }));
  });

  it.each([
    ['PUT after a 503', update, serverError(update)],
    ['POST after a 503', create, serverError(create)],
    [
      'POST after a connection reset',
      create,
      new SentryNetworkError('reset', 'ECONNRESET', ctx(create), null),
    ],
  ])('never sends a non-idempotent request twice: %s', async (_name, req, error) => {
    const { clock, stage } = setup();
    const next = failing(error);
    const settled = expect(stage(next)(req)).rejects.toBe(error);
    await clock.advance(0);
    await clock.advance(10_000);
    await settled;
    expect(next).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['400', new SentryValidationError(apiInit(get, 400), null)],
    ['404', new SentryNotFoundError(apiInit(get, 404))],
  ])('never retries a %s', async (_status, error) => {
    const { stage } = setup();
    const next = failing(error);
    await expect(stage(next)(get)).rejects.toBe(error);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { clock, stage } = setup({ maxAttempts: 3 });
    const last = serverError();
    const next = failing(serverError(), serverError(), last, serverError());
    const result = stage(next)(get);
    const settled = expect(result).rejects.toBe(last);
    await clock.advance(0);
    await clock.advance(10_000);
    await settled;
    expect(next).toHaveBeenCalledTimes(3);
  });

  it('waits exactly until the reset of a 429, not the backoff, and pauses the rate budget until then', async () => {
    const pauseUntil = vi.fn();
    const { clock, stage } = setup({ rateLimit: { pauseUntil }, random: () => 0 });
    const next = failing(new SentryRateLimitError(apiInit(get, 429), T0 + 3_000));
    const result = stage(next)(get);
    await clock.advance(0);
    expect(pauseUntil).toHaveBeenCalledWith(T0 + 3_000);
    await clock.advance(2_999);
    expect(next).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    await expect(result).resolves.toBe(ok);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('lets a 429 surface when its reset is further away than maxRateLimitWaitMs', async () => {
    const { stage } = setup({ maxRateLimitWaitMs: 5_000 });
    const error = new SentryRateLimitError(apiInit(get, 429), T0 + 30_000);
    const next = failing(error);
    await expect(stage(next)(get)).rejects.toBe(error);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('waits for the rate budget to open before retrying', async () => {
    let open!: () => void;
    const waitUntilOpen = vi.fn(() => new Promise<void>((resolve) => (open = resolve)));
    const { clock, stage } = setup({ rateLimit: { pauseUntil: vi.fn(), waitUntilOpen } });
    const next = failing(serverError());
    const result = stage(next)(get);
    await clock.advance(0);
    await clock.advance(1_000);
    expect(waitUntilOpen).toHaveBeenCalled();
    expect(next).toHaveBeenCalledTimes(1);
    open();
    await expect(result).resolves.toBe(ok);
  });

  it('stops waiting and rejects with the reason when the request is aborted during backoff', async () => {
    const { clock, stage } = setup();
    const controller = new AbortController();
    const next = failing(serverError());
    const result = stage(next)({ ...get, signal: controller.signal });
    await clock.advance(0);
    controller.abort(new Error('client went away'));
    await expect(result).rejects.toThrow('client went away');
    await clock.advance(10_000);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('backs off exponentially with full jitter, within [0, min(max, base * 2^n)]', async () => {
    for (let n = 0; n < 8; n++) {
      const cap = Math.min(1_000, 100 * 2 ** n);
      expect(backoffDelay(n, 100, 1_000, () => 0)).toBe(0);
      expect(backoffDelay(n, 100, 1_000, () => 0.999_999)).toBe(cap - 1);
      const sample = backoffDelay(n, 100, 1_000, Math.random);
      expect(sample).toBeGreaterThanOrEqual(0);
      expect(sample).toBeLessThan(cap);
    }
    const { clock, stage, onRetry } = setup({ maxAttempts: 6, random: () => 0.999_999 });
    const result = stage(failing(...Array.from({ length: 5 }, () => serverError())))(get);
    await clock.advance(0);
    await clock.advance(60_000);
    await expect(result).resolves.toBe(ok);
    expect(onRetry.mock.calls.map(([info]) => info.delayMs)).toEqual([99, 199, 399, 799, 999]);
  });
});
