import {
  SentryInvalidResponseError,
  SentryNetworkError,
  SentryNotFoundError,
  SentryRateLimitError,
  SentryServerError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@dexter/sentry-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CircuitBreakerStage,
  type CircuitBreakerStageOptions,
  createCircuitBreakerStage,
} from './circuit-breaker-stage';
import { UpstreamUnavailableError } from './upstream-errors';

const HOST = 'https://sentry.example.com';
const req: UpstreamRequest = {
  operation: 'issues.get',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/1/',
};
const ctx = { operation: req.operation, method: req.method, path: req.path };
const apiInit = (status: number) => ({ ...ctx, status, detail: null, bodySnippet: null, rateLimit: {} });
const ok: UpstreamResponse = { status: 200, headers: {}, body: {} };
const serverError = () => new SentryServerError(apiInit(503));

const stages: CircuitBreakerStage[] = [];
afterEach(() => {
  for (const stage of stages.splice(0)) stage.shutdown();
});

function setup(options: Partial<CircuitBreakerStageOptions> = {}) {
  const onStateChange = vi.fn();
  const stage = createCircuitBreakerStage({
    host: HOST,
    failureThreshold: 3,
    resetTimeoutMs: 60_000,
    onStateChange,
    ...options,
  });
  stages.push(stage);
  // What the host does next: each test sets it; the breaker only sees the stage's transport.
  let behaviour: (req: UpstreamRequest) => Promise<UpstreamResponse> = async () => ok;
  const next = vi.fn((r: UpstreamRequest) => behaviour(r));
  const transport = stage(next);
  const answer = (fn: typeof behaviour) => {
    behaviour = fn;
  };
  const failTimes = async (times: number, error: () => Error = serverError) => {
    answer(() => Promise.reject(error()));
    for (let i = 0; i < times; i++) await transport(req).catch(() => {});
  };
  return { stage, next, transport, answer, failTimes, onStateChange };
}

describe('circuit breaker stage', () => {
  it('opens after failureThreshold consecutive failures, not before', async () => {
    const { stage, failTimes } = setup({ failureThreshold: 3 });
    await failTimes(2);
    expect(stage.state()).toBe('closed');
    await failTimes(1);
    expect(stage.state()).toBe('open');
  });

  it('counts network errors, timeouts and non-API answers as failures', async () => {
    const { stage, failTimes } = setup({ failureThreshold: 3 });
    await failTimes(1, () => new SentryNetworkError('connect', 'ECONNREFUSED', ctx, null));
    await failTimes(1, () => new SentryNetworkError('timeout', 'UND_ERR_HEADERS_TIMEOUT', ctx, null));
    await failTimes(
      1,
      () =>
        new SentryInvalidResponseError({
          ...ctx,
          reason: 'html',
          status: 200,
          message: 'html',
          bodySnippet: null,
        }),
    );
    expect(stage.state()).toBe('open');
  });

  it('does not count 404s or 429s (Sentry is answering), and a success resets the count', async () => {
    const { stage, failTimes, answer, transport } = setup({ failureThreshold: 3 });
    await failTimes(10, () => new SentryNotFoundError(apiInit(404)));
    await failTimes(10, () => new SentryRateLimitError(apiInit(429), null));
    await failTimes(2);
    answer(async () => ok);
    await transport(req);
    await failTimes(2);
    expect(stage.state()).toBe('closed');
  });

  it('while open, fails fast with DEXTER_ERR_UPSTREAM_UNAVAILABLE without calling Sentry', async () => {
    const { failTimes, answer, transport, next } = setup({ failureThreshold: 1 });
    await failTimes(1);
    next.mockClear();
    answer(() => new Promise(() => {})); // a hung Sentry: only failing fast can answer
    const started = performance.now();
    const error = await transport(req).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(50);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error).toMatchObject({
      code: 'DEXTER_ERR_UPSTREAM_UNAVAILABLE',
      retryable: false,
      host: HOST,
      ...ctx,
    });
    expect(next).not.toHaveBeenCalled();
  });

  it('after shutdown (server close), rejects every call as unavailable', async () => {
    const { stage, transport, next } = setup();
    stage.shutdown();
    await expect(transport(req)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(next).not.toHaveBeenCalled();
  });

  it('half-opens after resetTimeoutMs, and a successful probe closes it', async () => {
    const { stage, failTimes, answer, transport, onStateChange } = setup({
      failureThreshold: 1,
      resetTimeoutMs: 50,
    });
    await failTimes(1);
    await vi.waitFor(() => expect(stage.state()).toBe('half-open'), { timeout: 2_000, interval: 5 });
    answer(async () => ok);
    await expect(transport(req)).resolves.toBe(ok);
    expect(stage.state()).toBe('closed');
    expect(onStateChange.mock.calls.map(([change]) => `${change.from}->${change.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });

  it('lets one probe through when half-open; its failure reopens the breaker', async () => {
    const { stage, failTimes, answer, transport, next } = setup({ failureThreshold: 1, resetTimeoutMs: 50 });
    await failTimes(1);
    await vi.waitFor(() => expect(stage.state()).toBe('half-open'), { timeout: 2_000, interval: 5 });
    let failProbe!: () => void;
    answer(() => new Promise((_resolve, reject) => (failProbe = () => reject(serverError()))));
    next.mockClear();
    const probe = transport(req);
    await expect(transport(req)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(next).toHaveBeenCalledTimes(1);
    failProbe();
    await expect(probe).rejects.toBeInstanceOf(SentryServerError);
    expect(stage.state()).toBe('open');
  });

  it('times out a hung call after timeoutMs: aborts it, counts it, and reports a network timeout', async () => {
    const { stage, answer, transport } = setup({ failureThreshold: 1, timeoutMs: 20 });
    let seen: AbortSignal | undefined;
    answer((r) => {
      seen = r.signal;
      return new Promise(() => {});
    });
    const error = await transport(req).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SentryNetworkError);
    expect(error).toMatchObject({ kind: 'timeout', code: 'DEXTER_ERR_UPSTREAM_TIMEOUT' });
    expect(seen?.aborted).toBe(true);
    expect(stage.state()).toBe('open');
  });

  it("passes the caller's abort signal through to the call below", async () => {
    const { answer, transport } = setup({ timeoutMs: 1_000 });
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    answer(async (r) => {
      seen = r.signal;
      return ok;
    });
    await transport({ ...req, signal: controller.signal });
    controller.abort();
    expect(seen?.aborted).toBe(true);
  });
});
