/**
 * Batches ingest writes: submitted events wait in a bounded queue and are committed together in
 * one transaction, and each submitter's promise settles only after that commit, so a 200 always
 * means "on disk". A full queue refuses new work at once (the route answers 429) instead of
 * growing memory without bound.
 *
 * A flush starts on `setImmediate`, once the event loop has taken in what arrived meanwhile
 * (worker results, requests), so events that arrive together share one commit. It holds Kysely's
 * connection for the whole transaction, so no other query or transaction of the store can
 * interleave with the writer's direct statements (`event-writer.ts`).
 */
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../../db/database';
import { createDiscoverRollupWriter } from '../../discover/discover-rollup-writer';
import type { SessionRecord } from '../sessions/session-items';
import { createSessionWriter } from '../sessions/session-writer';
import { createRollupWriter } from './event-rollup';
import { createEventWriter, type EventToWrite, type WrittenEvent } from './event-writer';

export interface WriteQueueOptions {
  db: StoreDb;
  /** The connection under `db`, for the writer's prepared statements. */
  sqlite: Database;
  /** Events waiting beyond this are refused. */
  maxQueued: number;
  /** At most this many events per transaction. */
  maxBatch: number;
  onWritten?: (written: WrittenEvent[]) => void;
  /** Runs inside each batch's transaction after its writes (alert rules, `alerts/`). */
  inTransaction?: {
    afterWrites(jobs: readonly EventToWrite[], written: readonly WrittenEvent[]): void;
    rolledBack(): void;
  };
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

export function createWriteQueue({
  db,
  sqlite,
  maxQueued,
  maxBatch,
  onWritten,
  inTransaction,
}: WriteQueueOptions) {
  const writer = createEventWriter(sqlite);
  const rollup = createRollupWriter(sqlite);
  const discover = createDiscoverRollupWriter(sqlite);
  const sessions = createSessionWriter(sqlite);
  const begin = sqlite.prepare('begin immediate');
  const commit = sqlite.prepare('commit');
  const rollback = sqlite.prepare('rollback');
  const queue: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let closed = false;

  /** Commits `jobs` in one transaction and returns what each became; all or nothing. */
  function writeAll(jobs: EventToWrite[]): Promise<WrittenEvent[]> {
    return db.connection().execute(async (connection) => {
      begin.run();
      try {
        const written: WrittenEvent[] = [];
        const counts = rollup.batch();
        const discoverCounts = discover.batch();
        for (const job of jobs) {
          const one = await writer.write(connection, job);
          counts.add(job, one);
          discoverCounts.add(job, one);
          written.push(one);
        }
        counts.flush();
        discoverCounts.flush();
        inTransaction?.afterWrites(jobs, written);
        commit.run();
        return written;
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        inTransaction?.rolledBack();
        throw error;
      }
    });
  }

  async function flushBatch(): Promise<void> {
    const batch = queue.splice(0, maxBatch);
    try {
      const written = await writeAll(batch.map((pending) => pending.job));
      for (const [i, pending] of batch.entries()) pending.resolve(written[i]!);
      onWritten?.(written.filter((w) => !w.duplicate));
    } catch (error) {
      // One bad event must not sink its batch-mates: retry them one transaction each.
      await writeOneByOne(batch, error);
    }
  }

  async function writeOneByOne(batch: Pending[], batchError: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]!.reject(batchError);
      return;
    }
    for (const pending of batch) {
      try {
        const [written] = await writeAll([pending.job]);
        pending.resolve(written!);
        if (!written!.duplicate) onWritten?.([written!]);
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  function scheduleFlush(): void {
    if (flushing) return;
    flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(flushBatch).finally(() => {
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
    /**
     * Folds an envelope's session records in, in one transaction of their own: release health is
     * never part of an event's commit, so neither can fail the other.
     */
    writeSessions(projectId: number, records: readonly SessionRecord[], dropped: number): Promise<void> {
      sessions.countDropped(dropped);
      if (records.length === 0) return Promise.resolve();
      return db.connection().execute(async () => {
        begin.run();
        try {
          sessions.write(projectId, records);
          commit.run();
        } catch (error) {
          if (sqlite.inTransaction) rollback.run();
          throw error;
        }
      });
    },
    sessionStats: () => sessions.stats(),
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
