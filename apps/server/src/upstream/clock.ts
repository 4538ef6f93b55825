/**
 * Time as a dependency: every resilience stage takes a `Clock`, so tests drive time by hand
 * instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when told to: `advance(ms)` fires every sleep that falls due. */
export function createManualClock(start = 0) {
  let current = start;
  const sleepers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => current,
    sleep(ms: number, signal?: AbortSignal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { at: current + Math.max(0, ms), resolve };
        sleepers.push(sleeper);
        signal?.addEventListener(
          'abort',
          () => {
            const index = sleepers.indexOf(sleeper);
            // A sleep that already fired is no longer listed; aborting it must not drop another.
            if (index < 0) return;
            sleepers.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
    /** Moves time forward and lets every promise chain that was waiting on it run. */
    async advance(ms: number) {
      const target = current + ms;
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        sleepers.shift();
        current = next.at;
        next.resolve();
        await new Promise((resolve) => setImmediate(resolve));
      }
      current = target;
      await new Promise((resolve) => setImmediate(resolve));
    },
    get pendingSleeps() {
      return sleepers.length;
    },
  } satisfies Clock & Record<string, unknown>;
}

export type ManualClock = ReturnType<typeof createManualClock>;
