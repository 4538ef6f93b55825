/**
 * A small pool of worker threads running `prepareIngest` (decode, parse, normalize, group,
 * serialize, compress: most of an event's CPU), so the main thread only authenticates and writes
 * and ingest uses more than one core.
 *
 * Workers start on first use; each task goes to the worker with the fewest tasks in flight; at
 * most `maxPending` tasks are in flight in all (beyond, `PreparePoolFullError`: the route answers
 * 429). A worker that dies fails its own tasks (500s) and is replaced on the next task. With
 * `workers: 0` the same function runs inline.
 *
 * Loading: the store runs as TypeScript source (tsx for the server, Vite's runner under Vitest)
 * and neither loader reaches worker threads. Loading tsx inside each worker cost ~35 MB of RSS
 * per worker (it brings its own esbuild thread), so instead the worker's modules are bundled once
 * per process by esbuild, which tsx and Vite both depend on, into plain JavaScript that workers
 * evaluate.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  fromFailure,
  type Prepared,
  type PrepareLimits,
  type PrepareOutcome,
  type PrepareTask,
  prepareIngest,
} from './prepare-event';

export interface PreparePoolOptions {
  workers: number;
  maxPending: number;
  limits: PrepareLimits;
}

export class PreparePoolFullError extends Error {
  constructor(readonly pending: number) {
    super(`ingest workers are busy (${pending} requests waiting)`);
  }
}

interface Slot {
  worker: Worker | null;
  tasks: Map<number, (outcome: PrepareOutcome | Error) => void>;
}

let workerSource: Promise<string> | undefined;

function bundleWorker(): Promise<string> {
  workerSource ??= import('esbuild').then(async ({ build, stop }) => {
    const { outputFiles } = await build({
      entryPoints: [fileURLToPath(new URL('./prepare-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    }).finally(() => {
      // esbuild serves `build` from a child process that otherwise lives as long as the server
      // (~15 MB of RSS beside it); the bundle is built once, so that process can go. A later
      // esbuild call, from here or from the TypeScript loader, starts a new one.
      void stop();
    });
    const source = outputFiles[0]?.text;
    if (!source) throw new Error('bundling the ingest worker produced no output');
    return source;
  });
  return workerSource;
}

export function createPreparePool({ workers, maxPending, limits }: PreparePoolOptions) {
  const slots: Slot[] = Array.from({ length: workers }, () => ({ worker: null, tasks: new Map() }));
  let nextId = 1;
  let pending = 0;
  let closed = false;

  function start(slot: Slot, source: string): Worker {
    const worker = new Worker(source, {
      eval: true,
      workerData: { limits },
      // Everything a worker allocates dies with its task, so a small young generation costs no
      // measurable CPU and keeps ~30 MB of RSS off the store's budget.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    // An idle worker must not keep the process alive (see `dispatch`).
    worker.unref();
    worker.on('message', ({ id, outcome }: { id: number; outcome: PrepareOutcome }) => {
      slot.tasks.get(id)?.(outcome);
    });
    const fail = (error: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = null;
      for (const settle of slot.tasks.values()) settle(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`ingest worker exited with code ${code}`)));
    slot.worker = worker;
    return worker;
  }

  async function dispatch(task: PrepareTask): Promise<PrepareOutcome> {
    const source = await bundleWorker();
    const slot = slots.reduce((least, s) => (s.tasks.size < least.tasks.size ? s : least));
    const worker = slot.worker ?? start(slot, source);
    const id = nextId++;
    if (slot.tasks.size === 0) worker.ref();
    return new Promise<PrepareOutcome>((resolve, reject) => {
      slot.tasks.set(id, (outcome) => {
        slot.tasks.delete(id);
        if (slot.tasks.size === 0) slot.worker?.unref();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
      // A copy the worker owns: the request's buffer may be a slice of a shared pool.
      const body = new Uint8Array(task.body);
      worker.postMessage({ id, task: { ...task, body } }, [body.buffer]);
    });
  }

  return {
    /** The prepared request; an IngestError (4xx) or Error (5xx) when it cannot be. */
    async run(task: PrepareTask): Promise<Prepared> {
      if (closed) throw new Error('ingest workers are closed');
      if (pending >= maxPending) throw new PreparePoolFullError(pending);
      pending += 1;
      try {
        const outcome = slots.length === 0 ? prepareIngest(task, limits) : await dispatch(task);
        if (!outcome.ok) throw fromFailure(outcome.failure);
        return outcome.prepared;
      } finally {
        pending -= 1;
      }
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all(slots.map((slot) => slot.worker?.terminate()));
    },
  };
}

export type PreparePool = ReturnType<typeof createPreparePool>;

/** One worker per core beyond the main thread's, at least one and at most four. */
export function defaultIngestWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}
