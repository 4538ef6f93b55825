/**
 * The write queue's contract: a submitter's promise settles only once its event is committed
 * (another connection already sees it), events submitted together share one transaction, and a
 * bad event fails alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '@dexter/change-feed';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDatabase } from '../../db/database';
import { rollupCaughtUp } from '../../discover/discover-rollup-writer';
import { ALL_EVENTS } from '../../discover/rollup-aggregator';
import { createStore } from '../../store';
import { envelopeOf, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { defaultIngestLimits } from '../ingest-routes';
import { createPreparePool } from '../prepare/prepare-pool';
import type { EventToWrite } from './event-writer';
import { createWriteQueue } from './write-queue';

let server: StoreServer;
const pool = createPreparePool({ workers: 0, maxPending: 1000, limits: defaultIngestLimits });

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

async function prepared(
  options: Parameters<typeof testEvent>[0] = {},
  projectId = Number(server.projectId),
): Promise<EventToWrite> {
  const { items } = await pool.run({
    kind: 'envelope',
    body: Buffer.from(envelopeOf(testEvent(options))),
    contentEncoding: undefined,
    context: { projectId, receivedAt: Date.now(), clientIp: '127.0.0.1' },
  });
  if (!items[0]?.ok) throw new Error('test event did not prepare');
  return items[0].event;
}

describe('write queue', () => {
  it('settles a submission only once another connection can read the event', async () => {
    const job = await prepared();
    await server.store.queue.submit(job);
    const other = new SQLite(join(server.dataDir, 'store.sqlite'), { readonly: true });
    try {
      const row = other.prepare('select event_id from events where event_id = ?').get(job.eventId);
      expect(row).toEqual({ event_id: job.eventId });
    } finally {
      other.close();
    }
  });

  it('commits events submitted together in one transaction', async () => {
    const jobs = await Promise.all(Array.from({ length: 20 }, () => prepared({ fingerprint: ['together'] })));
    const heard: Change[] = [];
    const stop = server.store.changes.subscribe((change) => void heard.push(change));
    try {
      await Promise.all(jobs.map((job) => server.store.queue.submit(job)));
      await server.store.drain();
    } finally {
      stop();
    }
    // One committed batch tells one new issue and one count of its other 19 events.
    expect(heard.map((change) => change.type)).toEqual(['issue.created', 'issue.counts']);
    const [created, counted] = heard;
    if (created?.type !== 'issue.created' || counted?.type !== 'issue.counts') throw new Error('no batch');
    expect(counted.counts).toEqual([expect.objectContaining({ issueId: created.issueId, events: 19 })]);
  });

  it('fails a bad event alone and commits its batch-mates', async () => {
    const good = await prepared();
    const bad = { ...(await prepared()), projectId: 999_999 };
    const [badResult, goodResult] = await Promise.allSettled([
      server.store.queue.submit(bad),
      server.store.queue.submit(good),
    ]);
    expect(badResult.status).toBe('rejected');
    expect(goodResult).toMatchObject({ status: 'fulfilled', value: { eventId: good.eventId } });
  });

  it('hands listeners the stack of a new issue, and nothing for its later events', async () => {
    const first = await server.store.queue.submit(await prepared({ fingerprint: ['stack-once'] }));
    const second = await server.store.queue.submit(await prepared({ fingerprint: ['stack-once'] }));
    expect(first.isNewIssue).toBe(true);
    expect(first.stack?.at(-1)).toMatchObject({
      type: 'Error',
      stacktrace: { frames: [{ function: 'handle' }, { function: 'loadOrders', lineNo: 42, inApp: true }] },
    });
    expect(second).toMatchObject({ isNewIssue: false, stack: null });
  });

  it('answers a resent event id as a duplicate of the stored one', async () => {
    const job = await prepared();
    const first = await server.store.queue.submit(job);
    expect(await server.store.queue.submit(job)).toEqual({
      ...first,
      isNewIssue: false,
      duplicate: true,
      stack: null,
    });
  });

  it("counts committed events into Discover's rollup after the commit, on a read at once, and after a crash at the next start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dexter-write-queue-'));
    try {
      const boot = await createStore({ dataDir, ingestWorkers: 0 });
      const { projects } = await boot.bootstrap({ publicUrl: 'http://127.0.0.1:9', projectSlug: 'app' });
      await boot.close();
      const projectId = Number(projects[0]!.id);
      const opened = await openStoreDatabase(dataDir);
      // Held back for an hour: only a read or the next start may count the events in.
      const queue = createWriteQueue({
        ...opened,
        maxQueued: 100,
        maxBatch: 50,
        discoverCatchUpMs: 3_600_000,
      });
      const rolledUp = () =>
        opened.sqlite
          .prepare('select coalesce(sum(events), 0) from discover_rollup_hour where key = ?')
          .pluck()
          .get(ALL_EVENTS);
      const submit = async (n: number) => {
        const jobs = await Promise.all(Array.from({ length: n }, () => prepared({}, projectId)));
        await Promise.all(jobs.map((job) => queue.submit(job)));
      };

      await submit(5);
      expect(rolledUp()).toBe(0);
      await rollupCaughtUp(opened.db);
      expect(rolledUp()).toBe(5);

      // kill -9 after these commits: the queue is never closed, its waiting events are lost.
      await submit(3);
      await opened.close();
      // The start counts in what the crash left uncounted.
      await (await createStore({ dataDir, ingestWorkers: 0 })).close();
      const reopened = await openStoreDatabase(dataDir);
      try {
        const count = (query: string) => reopened.sqlite.prepare(query).pluck().get(ALL_EVENTS);
        expect(count('select count(*) from events where ? is not null')).toBe(8);
        expect(count('select sum(events) from discover_rollup_hour where key = ?')).toBe(8);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
