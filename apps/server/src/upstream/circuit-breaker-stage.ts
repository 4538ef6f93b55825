/**
 * Stops calling a Sentry host that keeps failing, so requests fail in microseconds instead of
 * each waiting out a timeout, and Sentry gets room to recover. One opossum breaker per stage,
 * keyed by the upstream `host` (the Sentry base URL) the stage is created for.
 *
 * Threshold: `failureThreshold` CONSECUTIVE failures open the breaker (DESIGN: "opens on
 * consecutive failures/timeouts"). Chosen over opossum's percentage-in-a-rolling-window because it
 * needs no traffic volume to trip (a quiet instance notices an outage as fast as a busy one) and
 * is deterministic to test. Opossum still does the rest: fail-fast while open, the half-open
 * timer, a single probe, the per-call timeout and the events.
 *
 * Invariants:
 * - failures are network errors, timeouts, 5xx and non-API answers (a proxy's HTML page);
 *   a 4xx is Sentry working fine (a 404 answers the question), and so is a 429 (the rate
 *   budget's business), so neither counts, and any success resets the count. Everything that is
 *   not a failure (including a caller's abort) is a success to opossum: a half-open probe must
 *   end one way or the other, or the breaker would stay half-open and reject forever;
 * - while open, every call rejects at once with `UpstreamUnavailableError`
 *   (`DEXTER_ERR_UPSTREAM_UNAVAILABLE`), without calling below; the cache stage (outer) then
 *   serves stale reads, writes fail fast;
 * - after `resetTimeoutMs` (opossum's real timer) it half-opens: one probe goes through, others
 *   still fail fast; the probe's success closes it, its failure reopens it;
 * - `timeoutMs` (optional; undici has its own timeouts) aborts the call below and counts as a
 *   failure, surfacing as a `SentryNetworkError` of kind `timeout`;
 * - opossum's reset timer is a real timer, not the injected `Clock`: opossum has no clock seam,
 *   so this stage takes none.
 */
import {
  SentryInvalidResponseError,
  SentryNetworkError,
  SentryServerError,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@dexter/sentry-client';
import CircuitBreaker from 'opossum';
import type { Stage } from './stage';
import { UpstreamUnavailableError } from './upstream-errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitStateChange {
  host: string;
  from: CircuitState;
  to: CircuitState;
}

export interface CircuitBreakerStageOptions {
  host: string;
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before letting one probe through. */
  resetTimeoutMs: number;
  timeoutMs?: number;
  onStateChange?: (change: CircuitStateChange) => void;
}

export type CircuitBreakerStage = Stage & {
  state(): CircuitState;
  /** Stops opossum's timers (at server close); the stage then rejects every call as unavailable. */
  shutdown(): void;
};

type Call = (signal: AbortSignal | undefined) => Promise<UpstreamResponse>;

const countsAsFailure = (error: unknown) =>
  error instanceof SentryNetworkError ||
  error instanceof SentryServerError ||
  error instanceof SentryInvalidResponseError ||
  isOpossumError(error, 'ETIMEDOUT');

function isOpossumError(error: unknown, code: string): error is Error {
  return error instanceof Error && CircuitBreaker.isOurError(error) && 'code' in error && error.code === code;
}

export function createCircuitBreakerStage(options: CircuitBreakerStageOptions): CircuitBreakerStage {
  const { host, failureThreshold, resetTimeoutMs, timeoutMs, onStateChange } = options;
  if (!(failureThreshold >= 1)) throw new RangeError('circuit breaker: failureThreshold >= 1 is required');

  const breaker = new CircuitBreaker<[AbortController | null, Call], UpstreamResponse>(
    (controller, call) => call(controller?.signal),
    {
      name: host,
      timeout: timeoutMs ?? false,
      resetTimeout: resetTimeoutMs,
      // Never opened by percentage: the consecutive count below decides (opossum still reopens on
      // a failed half-open probe by itself).
      errorThresholdPercentage: 100,
      errorFilter: (error: unknown) => !countsAsFailure(error),
      enableSnapshots: false,
    },
  );

  let consecutiveFailures = 0;
  let current: CircuitState = 'closed';
  const moveTo = (to: CircuitState) => {
    const from = current;
    current = to;
    if (from !== to) onStateChange?.({ host, from, to });
  };
  breaker.on('failure', () => {
    consecutiveFailures += 1;
    if (consecutiveFailures >= failureThreshold && breaker.closed) breaker.open();
  });
  breaker.on('success', () => {
    consecutiveFailures = 0;
  });
  breaker.on('open', () => moveTo('open'));
  breaker.on('halfOpen', () => moveTo('half-open'));
  breaker.on('close', () => {
    consecutiveFailures = 0;
    moveTo('closed');
  });
  const unavailable = (req: UpstreamRequest) =>
    new UpstreamUnavailableError({ host, operation: req.operation, method: req.method, path: req.path });

  const stage: Stage = (next) => async (req) => {
    const controller = timeoutMs === undefined ? null : new AbortController();
    const call: Call = (timeoutSignal) => {
      const signals = [req.signal, timeoutSignal].filter((signal) => signal !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      return next({ ...req, signal });
    };
    try {
      return await breaker.fire(controller, call);
    } catch (error) {
      if (isOpossumError(error, 'EOPENBREAKER') || isOpossumError(error, 'ESHUTDOWN')) throw unavailable(req);
      if (isOpossumError(error, 'ETIMEDOUT')) {
        // The call below is still running: abort it so it frees its socket and its permit.
        controller?.abort(error);
        throw new SentryNetworkError('timeout', 'ETIMEDOUT', req, error);
      }
      throw error;
    }
  };

  return Object.assign(stage, {
    state: () => current,
    shutdown: () => breaker.shutdown(),
  });
}
