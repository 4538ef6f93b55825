/**
 * An upgraded store counts its older events into Discover's rollup in the background
 * (`rollup-backfill.ts`): start does not wait for it, each chunk commits with its cursor so a
 * restart resumes, events ingested meanwhile are counted once, and every query answers exactly
 * throughout (events for the hours the backfill has not reached, the rollup for the others).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStore } from '../store';
import { allRows } from './discover-engine';
import { parseTableQuery, type RawParams } from './discover-query';
import { openWithWriter, seedTestStore } from './discover-test-store';
import { HOUR_MS } from './rollup-aggregator';
import { BACKFILL_CHUNK, rolledUpFrom } from './rollup-backfill';

const NOW = Date.now();
const EVENTS = 3 * BACKFILL_CHUNK + 500;
let store: Awaited<ReturnType<typeof seedTestStore>>;

beforeAll(async () => {
  store = await seedTestStore({ events: EVENTS, days: 3, tenants: 25, users: 150, now: NOW });
});
afterAll(() => store.remove());

const queries: RawParams[] = [
  { field: ['tenant', 'count()', 'count_unique(user)', 'last_seen()'], statsPeriod: '3d' },
  { field: ['count()', 'count_unique(user)'], statsPeriod: '6h' },
  { field: ['environment', 'count()'], statsPeriod: '2d', environment: 'production' },
];

/** What migration 0014 leaves in a store that had events before the rollup existed. */
function forgetRollup(sqlite: Awaited<ReturnType<typeof openWithWriter>>['sqlite']): void {
  sqlite.exec(`delete from discover_rollup_hour; delete from discover_rollup_day; delete from discover_rollup_keys;
    delete from discover_rollup_packed; delete from discover_rollup_packed_buckets; delete from discover_rollup_backfill;
    insert into discover_rollup_backfill (project_id) select distinct project_id from events;`);
}

type Opened = Awaited<ReturnType<typeof openWithWriter>>;

async function expectExact(opened: Opened, engine: 'rollup' | 'scan' | null = null): Promise<void> {
  for (const params of queries) {
    const query = parseTableQuery(params, NOW);
    const answer = await allRows(opened.target, query);
    if (engine) expect(answer.engine).toBe(engine);
    expect(answer.rows).toEqual((await allRows(opened.target, query, 'scan')).rows);
  }
}

describe('the rollup backfill of an upgraded store', () => {
  it('counts in chunk by chunk, newest first, resumes after a restart, and answers exactly throughout', async () => {
    let opened = await openWithWriter(store.dataDir, NOW);
    const cursor = () =>
      opened.sqlite.prepare('select cursor_ts from discover_rollup_backfill').pluck().get() as
        | number
        | null
        | undefined;
    try {
      forgetRollup(opened.sqlite);
      await opened.close();
      // The start after the upgrade: the writer does no backfill work before its first turn.
      opened = await openWithWriter(store.dataDir, NOW);
      expect(cursor()).toBeNull();
      expect(await rolledUpFrom(opened.target.db, opened.target.projectIds)).toBe(Number.POSITIVE_INFINITY);
      await expectExact(opened, 'scan');

      expect(opened.writer.maintain(60_000, 1)).toBe(true);
      const first = cursor()!;
      const from = await rolledUpFrom(opened.target.db, opened.target.projectIds);
      expect(first).toBeGreaterThan(NOW - 3 * 24 * HOUR_MS);
      expect(from).toBe(Math.floor(first / HOUR_MS + 1) * HOUR_MS);
      // The 3-day table reads the hours before `from` from events and the rest from the rollup.
      await expectExact(opened);
      expect((await allRows(opened.target, parseTableQuery(queries[0]!, NOW))).engine).toBe('rollup');

      // An event ingested during the backfill, into an hour the backfill has not reached yet.
      const at = first - 5 * HOUR_MS;
      const tags: Array<[string, string]> = [
        ['tenant', 'during-backfill'],
        ['environment', 'production'],
      ];
      const data = JSON.stringify({
        eventId: 'e'.repeat(32),
        environment: 'production',
        tags,
        user: { id: 'new' },
      });
      opened.sqlite.transaction(() => {
        opened.sqlite
          .prepare(
            `insert into events (event_id, project_id, issue_id, timestamp, received_at, data, raw, raw_encoding, size)
             values (?, ?, (select min(id) from issues), ?, ?, ?, '{}', 'identity', ?)`,
          )
          .run('e'.repeat(32), opened.target.projectIds[0], at, at, data, data.length);
        const batch = opened.writer.batch();
        batch.add(
          {
            projectId: opened.target.projectIds[0]!,
            timestamp: at,
            environment: 'production',
            userKey: 'id:new',
            tags,
          },
          { duplicate: false },
        );
        batch.flush();
      })();
      await expectExact(opened);

      // A restart: the next writer continues below the committed cursor.
      await opened.close();
      opened = await openWithWriter(store.dataDir, NOW);
      expect(cursor()).toBe(first);
      opened.writer.maintain(60_000, 1);
      expect(cursor()!).toBeLessThan(first);
      await expectExact(opened);

      while (opened.writer.maintain(60_000)) {}
      expect(cursor()).toBeUndefined();
      expect(opened.writer.backfillPending()).toBe(false);
      await expectExact(opened, 'rollup');
      const during = (await allRows(opened.target, parseTableQuery(queries[0]!, NOW))).rows.find(
        (row) => row.tenant === 'during-backfill',
      );
      expect(during).toMatchObject({ 'count()': 1, 'count_unique(user)': 1 });
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('runs in the background of a started store, which answers before it finishes', async () => {
    const opened = await openWithWriter(store.dataDir, NOW);
    forgetRollup(opened.sqlite);
    await opened.close();
    const started = await createStore({ dataDir: store.dataDir, ingestWorkers: 0, now: () => NOW });
    try {
      const pending = () =>
        started.db
          .selectFrom('discover_rollup_backfill' as never)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
      expect((await pending()).n).toBe(1);
      await vi.waitFor(async () => expect((await pending()).n).toBe(0), { timeout: 30_000, interval: 50 });
      const hours = await started.db
        .selectFrom('discover_rollup_hour' as never)
        .select((eb) => eb.fn.sum<number>('events' as never).as('n'))
        .where('key' as never, '=', '' as never)
        .executeTakeFirstOrThrow();
      const events = await started.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(hours.n)).toBe(Number(events.n));
    } finally {
      await started.close();
    }
  }, 60_000);
});
