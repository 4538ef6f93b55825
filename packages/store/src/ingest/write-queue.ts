/**
 * Batches ingest writes: submitted events wait in a bounded queue and are committed together in
 * one transaction, and each submitter's promise settles only after that commit, so a 200 always
 * means "on disk". A full queue refuses new work at once (the route answers 429) instead of
 * growing memory without bound.
 */
import type { StoreDb } from '../db/database';
import { type EventToWrite, type WrittenEvent, writeEvent } from './event-writer';

export interface WriteQueueOptions {
  db: StoreDb;
  /** Events waiting beyond this are refused. */
  maxQueued: number;
  /** At most this many events per transaction. */
  maxBatch: number;
  onWritten?: (written: WrittenEvent[]) => void;
}

interface Pending {
  job: EventToWrite;
  resolve: (written: WrittenEvent) => void;
  reject: (error: unknown) => void;
}

export class WriteQueueFullError extends Error {
  constructor(readonly queued: number) {
    super(`write queue is full (${queued} events waiting)`);
  }
}

export function createWriteQueue({ db, maxQueued, maxBatch, onWritten }: WriteQueueOptions) {
  const queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      try {
        const written = await db.transaction().execute(async (trx) => {
          const results: WrittenEvent[] = [];
          for (const pending of batch) results.push(await writeEvent(trx, pending.job));
          return results;
        });
        for (const [i, pending] of batch.entries()) pending.resolve(written[i]!);
        onWritten?.(written.filter((w) => !w.duplicate));
      } catch (error) {
        // One bad event must not sink its batch-mates: retry them one transaction each.
        await writeOneByOne(batch, error);
      }
    }
  }

  async function writeOneByOne(batch: Pending[], batchError: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]!.reject(batchError);
      return;
    }
    for (const pending of batch) {
      try {
        const written = await db.transaction().execute((trx) => writeEvent(trx, pending.job));
        pending.resolve(written);
        if (!written.duplicate) onWritten?.([written]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  function scheduleFlush(): void {
    if (flushing) return;
    flushing = flushLoop().finally(() => {
      flushing = null;
      if (queue.length > 0) scheduleFlush();
    });
  }

  return {
    submit(job: EventToWrite): Promise<WrittenEvent> {
      if (closed) return Promise.reject(new Error('write queue is closed'));
      if (queue.length >= maxQueued) return Promise.reject(new WriteQueueFullError(queue.length));
      return new Promise<WrittenEvent>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        scheduleFlush();
      });
    },
    get depth() {
      return queue.length;
    },
    /** Waits until everything queued so far is committed. */
    async drain(): Promise<void> {
      while (flushing) await flushing;
    },
    /** Stops taking work and waits until everything queued is committed. */
    async close(): Promise<void> {
      closed = true;
      while (flushing) await flushing;
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
