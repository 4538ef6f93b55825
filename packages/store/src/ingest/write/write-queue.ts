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
 *
 * Discover's rollup is not part of that commit: it follows the committed events a moment later
 * (`CATCH_UP_MS`, or at once past `CATCH_UP_EVENTS`), in its own transaction that records how far
 * it got, and Discover's reads catch it up first (`discover-rollup-writer.ts`).
 */
import type { Database } from 'better-sqlite3';
import type { StoreDb } from '../../db/database';
import { createDiscoverRollupWriter, registerRollupCatchUp } from '../../discover/discover-rollup-writer';
import type { RollupEvent } from '../../discover/rollup-aggregator';
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
  /** How long committed events may wait for Discover's rollup (tests hold it back). */
  discoverCatchUpMs?: number;
  /** Runs inside each batch's transaction after its writes (alert rules, `alerts/`). */
  inTransaction?: {
    afterWrites(jobs: readonly EventToWrite[], written: readonly WrittenEvent[]): void;
    rolledBack(): void;
  };
}

/** The longest a committed event waits to be counted into Discover's rollup. */
const CATCH_UP_MS = 250;
/** So many committed events waiting are counted in after the next commit, whatever the time. */
const CATCH_UP_EVENTS = 2_000;

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
  discoverCatchUpMs = CATCH_UP_MS,
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
  let catchUpTimer: NodeJS.Timeout | null = null;

  /** Counts the committed events into Discover's rollup, on the connection between batches. */
  function catchUpDiscover(): Promise<void> {
    if (catchUpTimer) clearTimeout(catchUpTimer);
    catchUpTimer = null;
    if (discover.uncounted === 0) return Promise.resolve();
    return db.connection().execute(async () => discover.catchUp());
  }
  registerRollupCatchUp(db, catchUpDiscover);

  function scheduleCatchUp(): void {
    const warn = (error: unknown) => process.emitWarning(`Discover rollup not caught up: ${String(error)}`);
    if (discover.uncounted >= CATCH_UP_EVENTS) {
      catchUpDiscover().catch(warn);
      return;
    }
    catchUpTimer ??= setTimeout(() => {
      catchUpTimer = null;
      catchUpDiscover().catch(warn);
    }, discoverCatchUpMs).unref();
  }

  /** Commits `jobs` in one transaction and returns what each became; all or nothing. */
  function writeAll(jobs: EventToWrite[]): Promise<WrittenEvent[]> {
    return db.connection().execute(async (connection) => {
      begin.run();
      try {
        const written: WrittenEvent[] = [];
        const counts = rollup.batch();
        const stored: RollupEvent[] = [];
        for (const job of jobs) {
          const one = await writer.write(connection, job);
          counts.add(job, one);
          if (!one.duplicate) stored.push(job);
          written.push(one);
        }
        counts.flush();
        inTransaction?.afterWrites(jobs, written);
        commit.run();
        discover.committed(stored);
        scheduleCatchUp();
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
      await catchUpDiscover();
    },
  };
}

export type WriteQueue = ReturnType<typeof createWriteQueue>;
