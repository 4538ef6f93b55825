/**
 * Moves SQLite's WAL checkpoints off the ingest thread. With automatic checkpoints, the commit
 * that crosses the threshold copies the whole WAL into the database while the event loop waits;
 * at ~100 KB per event that is most of a commit's cost. Instead the main connection never
 * checkpoints and a worker thread with its own connection runs a PASSIVE checkpoint (which never
 * blocks writers or readers) a few times a second. Only PASSIVE: a TRUNCATE or RESTART checkpoint
 * resets the WAL under the writer, whose open snapshot then fails with SQLITE_BUSY_SNAPSHOT.
 * The writer itself rewinds the WAL once it is fully checkpointed, and `journal_size_limit` on
 * its connection keeps the file from staying large.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); }
  parentPort.postMessage('stopped');
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  file: string,
  intervalMs = 200,
  onError?: (message: string) => void,
): WalCheckpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, intervalMs } });
  worker.unref();
  worker.on('message', (message: unknown) => {
    if (typeof message === 'object' && message && 'error' in message) onError?.(String(message.error));
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('exit', done);
        worker.once('message', (message) => {
          if (message === 'stopped') void worker.terminate();
        });
        worker.postMessage('stop');
        // A wedged worker must not hold up shutdown.
        setTimeout(() => void worker.terminate(), 2_000).unref();
      }),
  };
}
