/**
 * Entry of an ingest worker thread (started by `prepare-pool.ts`): answers each `{ id, task }`
 * with `{ id, outcome }`, where the outcome is plain data (`prepare-event.ts`) whose byte
 * buffers are transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type PrepareLimits, type PrepareTask, prepareIngest, transferablesOf } from './prepare-event';

const port = parentPort;
if (!port) throw new Error('prepare-worker.ts runs only as a worker thread');
const { limits } = workerData as { limits: PrepareLimits };

port.on('message', ({ id, task }: { id: number; task: PrepareTask }) => {
  const outcome = prepareIngest(task, limits);
  port.postMessage({ id, outcome }, transferablesOf(outcome));
});
