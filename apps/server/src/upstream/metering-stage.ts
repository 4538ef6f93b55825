/**
 * The innermost stage: every call that actually leaves for Sentry is counted and timed here, by
 * operation and by HTTP status or error code. Stages above it (cache, singleflight) never reach
 * it for the calls they answer themselves, so these counters are the real upstream load.
 */
import { SentryUpstreamError } from '@dexter/sentry-client';
import type { Clock } from './clock';
import type { Stage } from './stage';
import type { UpstreamMetrics } from './upstream-metrics';

export function createMeteringStage({
  metrics,
  clock,
}: {
  metrics: UpstreamMetrics;
  clock: Pick<Clock, 'now'>;
}): Stage {
  return (next) => async (request) => {
    const started = clock.now();
    const done = (status: string) => {
      metrics.calls.inc({ operation: request.operation, status });
      metrics.latency.observe({ operation: request.operation }, (clock.now() - started) / 1000);
    };
    try {
      const response = await next(request);
      done(String(response.status));
      return response;
    } catch (error) {
      const status =
        error instanceof SentryUpstreamError && 'status' in error ? String(error.status) : errorCode(error);
      done(status);
      throw error;
    }
  };
}

const errorCode = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'error';
