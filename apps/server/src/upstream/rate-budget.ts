/**
 * The rate budget: how many Sentry calls Dexter may start, when, and in what order.
 *
 * Sentry limits the caller identity (the token's user or org), not the process, so there is one
 * budget per identity: a token bucket seeded from config and corrected by the
 * `X-Sentry-Rate-Limit-*` headers of every answer (self-hosted sends none: config alone), a
 * concurrency cap, and a queue. With a `shared` backend (Redis) the bucket, Sentry's window and
 * any pause live in Redis, so all instances together stay within the rate; the concurrency cap
 * and the queue stay per process. The bucket rules are in `rate-budget-bucket.ts`.
 *
 * Invariants:
 * - every interactive waiter is served before any background waiter, FIFO within a class, and
 *   the head of the queue is never overtaken (a costly request is not starved by cheap ones);
 * - at most `maxConcurrent` permits are out, fewer when Sentry's `ConcurrentLimit` or
 *   `ConcurrentRemaining` says so, never fewer than one (the budget cannot lock itself up);
 * - waiters wake only through `clock.sleep`, so a manual clock drives the whole budget in tests;
 *   an aborted waiter leaves the queue at once and rejects with the signal's reason.
 */
import { parseRateLimitHeaders, type RateLimitHeaders, type RequestPriority } from '@dexter/sentry-client';
import type { Clock } from './clock';
import {
  type BudgetBackend,
  createLocalBackend,
  type SentryWindow,
  withLocalFallback,
} from './rate-budget-bucket';

export interface RateBudgetOptions {
  clock: Clock;
  ratePerSecond: number;
  burst: number;
  maxConcurrent: number;
  /** Shared bucket (`createRedisBudgetBackend`); without it the bucket is this process's alone. */
  shared?: BudgetBackend;
  /** Called after every change, for metrics. */
  onChange?: (snapshot: RateBudgetSnapshot) => void;
  /** A shared-backend call failed; the local bucket answered instead. */
  onBackendError?: (error: unknown) => void;
}

export interface AcquireOptions {
  priority?: RequestPriority;
  /** Tokens this call takes (the operation's `cost:`); capped at the bucket's size. */
  cost?: number;
  signal?: AbortSignal;
}

export interface Permit {
  /** Frees the concurrency slot; calling it again does nothing. */
  release(): void;
}

export interface RateBudgetSnapshot {
  mode: 'local' | 'shared';
  /** Tokens in this process's bucket; null in shared mode, where Redis holds the count. */
  tokens: number | null;
  inFlight: number;
  concurrencyLimit: number;
  waiting: Record<RequestPriority, number>;
  pausedUntil: number | null;
  window: SentryWindow | null;
}

interface Waiter {
  priority: RequestPriority;
  cost: number;
  grant(permit: Permit): void;
}

export function createRateBudget(options: RateBudgetOptions) {
  const { clock, ratePerSecond, burst, maxConcurrent, shared, onChange } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1) || !(maxConcurrent >= 1)) {
    throw new RangeError('rate budget: ratePerSecond > 0, burst >= 1 and maxConcurrent >= 1 are required');
  }
  const local = createLocalBackend(clock, { ratePerSecond, burst });
  const backend = shared ? withLocalFallback(shared, local, options.onBackendError ?? (() => {})) : local;
  const queues: Record<RequestPriority, Waiter[]> = { interactive: [], background: [] };
  let inFlight = 0;
  let headerConcurrency = Number.POSITIVE_INFINITY;
  let wake: { at: number; controller: AbortController } | null = null;
  let pumping = false;
  let pumpAgain = false;

  const concurrencyLimit = () => Math.max(1, Math.min(maxConcurrent, headerConcurrency));
  const head = () => queues.interactive[0] ?? queues.background[0];
  const dequeue = (waiter: Waiter) => {
    const queue = queues[waiter.priority];
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    return index >= 0;
  };
  const notify = () => {
    try {
      onChange?.(snapshot());
    } catch {
      // A metrics callback that throws must not stall the queue: the pump would stop mid-drain.
    }
  };

  // One drain at a time: tokens are taken for the head waiter only, in queue order.
  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        await drain();
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  async function drain(): Promise<void> {
    for (let waiter = head(); waiter && inFlight < concurrencyLimit(); waiter = head()) {
      const waitMs = await backend.take(waiter.cost);
      if (waitMs > 0) return wakeIn(waitMs);
      // A waiter aborted while its take was in flight has spent its tokens: the safe direction.
      if (!dequeue(waiter)) continue;
      inFlight += 1;
      waiter.grant(createPermit());
      notify();
    }
  }

  // At most one pending wake-up, the earliest needed. A wake is only ever cancelled while it
  // is still in the future, never after it fired.
  function wakeIn(ms: number): void {
    const at = clock.now() + ms;
    if (wake && wake.at <= at) return;
    wake?.controller.abort();
    const controller = new AbortController();
    wake = { at, controller };
    clock.sleep(ms, controller.signal).then(
      () => {
        if (wake?.controller === controller) wake = null;
        void pump();
      },
      () => {}, // replaced by an earlier wake-up
    );
  }

  function createPermit(): Permit {
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        inFlight -= 1;
        notify();
        void pump();
      },
    };
  }

  function snapshot(): RateBudgetSnapshot {
    const state = local.state();
    const now = clock.now();
    return {
      mode: shared ? 'shared' : 'local',
      tokens: shared ? null : state.tokens,
      inFlight,
      concurrencyLimit: concurrencyLimit(),
      waiting: { interactive: queues.interactive.length, background: queues.background.length },
      pausedUntil: state.pausedUntil > now ? state.pausedUntil : null,
      window: state.window && state.window.resetAt > now ? { ...state.window } : null,
    };
  }

  function observeLimits(limits: RateLimitHeaders): void {
    const { concurrentLimit, concurrentRemaining } = limits;
    if (concurrentLimit !== undefined || concurrentRemaining !== undefined) {
      // Sentry counts every caller of this identity; "r remaining" while we hold `inFlight`
      // permits means we may hold about `inFlight + r`. Recomputed on every answer.
      headerConcurrency = Math.min(
        concurrentLimit ?? Number.POSITIVE_INFINITY,
        concurrentRemaining === undefined ? Number.POSITIVE_INFINITY : inFlight + concurrentRemaining,
      );
    }
    void backend.observe(limits).then(() => {
      notify();
      return pump();
    });
  }

  return {
    acquire({ priority = 'interactive', cost = 1, signal }: AcquireOptions = {}): Promise<Permit> {
      if (!(cost >= 0)) return Promise.reject(new RangeError(`rate budget: invalid cost ${cost}`));
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<Permit>((resolve, reject) => {
        const onAbort = () => {
          if (!dequeue(waiter)) return;
          reject(signal?.reason);
          notify();
          void pump();
        };
        const waiter: Waiter = {
          priority,
          cost,
          grant(permit) {
            signal?.removeEventListener('abort', onAbort);
            resolve(permit);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queues[priority].push(waiter);
        notify();
        void pump();
      });
    },
    /** Corrects the budget from an answer's headers (lower-case keys). */
    observe(headers: Readonly<Record<string, string>>): void {
      observeLimits(parseRateLimitHeaders(headers));
    },
    /** The same, from headers already parsed (`SentryApiError.rateLimit`). */
    observeLimits,
    /** Nothing starts before `epochMs` (after a 429). Only ever extends a pause. */
    pauseUntil(epochMs: number): void {
      void backend.pauseUntil(epochMs).then(() => {
        notify();
        return pump();
      });
    },
    /** Resolves once no pause or exhausted Sentry window stops a call from starting. */
    async waitUntilOpen(signal?: AbortSignal): Promise<void> {
      for (let ms = await backend.blockedForMs(); ms > 0; ms = await backend.blockedForMs()) {
        await clock.sleep(ms, signal);
      }
    },
    snapshot,
  };
}

export type RateBudget = ReturnType<typeof createRateBudget>;
