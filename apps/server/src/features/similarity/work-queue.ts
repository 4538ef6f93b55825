/**
 * Runs index maintenance one task at a time, in arrival order, so a rebuild never interleaves with
 * the incremental updates it would overwrite. A failed task rejects its own promise only; the tasks
 * behind it still run.
 */
const ignore = () => {};

export function createWorkQueue() {
  let tail: Promise<void> = Promise.resolve();
  return {
    push<T>(task: () => Promise<T>): Promise<T> {
      const run = tail.then(task);
      tail = run.then(ignore, ignore);
      return run;
    },
    /** Resolves once every task pushed so far, and any they pushed in turn, has finished. */
    async idle(): Promise<void> {
      let seen: Promise<void>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
