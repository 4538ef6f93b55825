/**
 * Prometheus metrics of the upstream pipeline, on a registry owned by one app instance (tests run
 * several in one process): calls by operation and outcome, latency, cache outcomes, singleflight
 * joins, batch sizes, the rate budget, time spent waiting for it, retries and breaker state.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState } from './circuit-breaker-stage';
import type { RateBudgetSnapshot } from './rate-budget';

const BREAKER_STATE_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createUpstreamMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dexter_' });
  const m = {
    calls: new Counter({
      name: 'dexter_upstream_calls_total',
      help: 'Calls that left Dexter for Sentry, by operation and HTTP status or error code',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'dexter_upstream_call_duration_seconds',
      help: 'Latency of calls to Sentry, by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    cache: new Counter({
      name: 'dexter_cache_lookups_total',
      help: 'Cache lookups by operation and outcome (hit, miss, stale)',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    refreshAhead: new Counter({
      name: 'dexter_cache_refresh_ahead_total',
      help: 'Background refreshes of cached reads before anyone misses them: expiring (a hit near its TTL) or invalidated (by a change)',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    }),
    responseMemo: new Counter({
      name: 'dexter_response_memo_total',
      help: 'Rendered answers of memoized routes: hit (served as kept), miss (rendered), skipped (not keepable)',
      labelNames: ['route', 'outcome'],
      registers: [registry],
    }),
    singleflightJoins: new Counter({
      name: 'dexter_singleflight_joins_total',
      help: 'Requests that joined an identical in-flight request instead of calling Sentry',
      labelNames: ['operation', 'where'],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'dexter_issue_batch_size',
      help: 'Issue ids per batched lookup call',
      buckets: [1, 2, 5, 10, 25, 50, 100],
      registers: [registry],
    }),
    budgetTokens: new Gauge({
      name: 'dexter_rate_budget_tokens',
      help: 'Tokens left in the local bucket (-1 when Redis holds the shared bucket)',
      registers: [registry],
    }),
    budgetInFlight: new Gauge({
      name: 'dexter_rate_budget_in_flight',
      help: 'Calls holding a permit',
      registers: [registry],
    }),
    budgetWaiting: new Gauge({
      name: 'dexter_rate_budget_waiting',
      help: 'Calls waiting for a permit, by priority',
      labelNames: ['priority'],
      registers: [registry],
    }),
    sentryRemaining: new Gauge({
      name: 'dexter_sentry_rate_limit_remaining',
      help: 'X-Sentry-Rate-Limit-Remaining of the last response that carried it',
      registers: [registry],
    }),
    queueWait: new Histogram({
      name: 'dexter_rate_budget_wait_seconds',
      help: 'Time calls waited for the rate budget',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'dexter_upstream_retries_total',
      help: 'Retries of idempotent calls',
      labelNames: ['operation'],
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'dexter_circuit_breaker_state',
      help: 'Circuit breaker per upstream host: 0 closed, 1 half-open, 2 open',
      labelNames: ['host'],
      registers: [registry],
    }),
  };
  return {
    registry,
    ...m,
    observeBudget(snapshot: RateBudgetSnapshot) {
      m.budgetTokens.set(snapshot.tokens ?? -1);
      m.budgetInFlight.set(snapshot.inFlight);
      for (const [priority, count] of Object.entries(snapshot.waiting))
        m.budgetWaiting.set({ priority }, count);
      if (snapshot.window) m.sentryRemaining.set(snapshot.window.remaining);
    },
    observeBreaker(host: string, state: CircuitState) {
      m.breakerState.set({ host }, BREAKER_STATE_VALUE[state]);
    },
  };
}

export type UpstreamMetrics = ReturnType<typeof createUpstreamMetrics>;
