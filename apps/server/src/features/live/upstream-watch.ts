/**
 * Tells this instance's sockets when its upstream is degraded: the circuit breaker is not closed
 * (Sentry, or the built-in store, keeps failing; answers may be stale cache) or the rate budget is
 * paused after a 429. Checked once per `everyMs`; a message goes out only on a change. Local
 * only: each instance has its own breaker and its own view of the upstream.
 */
import type { LiveEvent } from '@dexter/contracts';
import type { CircuitState } from '../../upstream/circuit-breaker-stage';
import type { RateBudgetSnapshot } from '../../upstream/rate-budget';

export interface UpstreamWatchDeps {
  breaker: { state(): CircuitState };
  budget: { snapshot(): RateBudgetSnapshot };
  deliver(event: LiveEvent): void;
  everyMs?: number;
}

export function upstreamReason(breaker: CircuitState, snapshot: RateBudgetSnapshot): string | null {
  if (breaker === 'open') return 'The upstream keeps failing: showing cached data';
  if (breaker === 'half-open') return 'The upstream is recovering';
  if (snapshot.pausedUntil !== null) return 'Rate limited by the upstream: updates are delayed';
  return null;
}

export function startUpstreamWatch(deps: UpstreamWatchDeps): () => void {
  let current: string | null = null;
  const timer = setInterval(() => {
    const reason = upstreamReason(deps.breaker.state(), deps.budget.snapshot());
    if (reason === current) return;
    current = reason;
    deps.deliver({ type: 'upstream.degraded', degraded: reason !== null, reason });
  }, deps.everyMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
