/**
 * Packed rollup buckets (`rollup-packing.ts`) must answer exactly what the rollup rows answer:
 * the same rows as the scan engine where the sketches are exact (at most 256 users per group),
 * within HyperLogLog's error past that, and a late event into a packed bucket must unpack it in
 * its own transaction so no query reads a stale pack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRows, runStats } from './discover-engine';
import { parseStatsQuery, parseTableQuery, type RawParams } from './discover-query';
import { openWithWriter, seedTestStore } from './discover-test-store';
import { HOUR_MS } from './rollup-aggregator';
import { blocksOf } from './rollup-packing';

const NOW = Date.now();
let store: Awaited<ReturnType<typeof seedTestStore>>;
let opened: Awaited<ReturnType<typeof openWithWriter>>;

beforeAll(async () => {
  // 150 users: every group's sketch stays exact, so the rollup must equal the scan to the unit.
  store = await seedTestStore({ events: 6_000, days: 10, tenants: 25, users: 150, now: NOW });
  opened = await openWithWriter(store.dataDir, NOW);
});
afterAll(async () => {
  await opened.close();
  store.remove();
});

const packedRows = () =>
  opened.sqlite.prepare('select count(*) from discover_rollup_packed').pluck().get() as number;
const cutWindow = {
  start: new Date(NOW - 50 * HOUR_MS + 17 * 60_000).toISOString(),
  end: new Date(NOW - 3 * HOUR_MS + 5 * 60_000).toISOString(),
};
const queries: Array<[string, RawParams]> = [
  [
    'count, users and last seen by tenant, 3 days',
    { field: ['tenant', 'count()', 'count_unique(user)', 'last_seen()'], statsPeriod: '3d' },
  ],
  [
    'by tenant in one environment, a window cutting hours and days',
    { field: ['tenant', 'count()', 'count_unique(user)'], environment: 'staging', ...cutWindow },
  ],
  ['ungrouped users', { field: ['count()', 'count_unique(user)'], statsPeriod: '2d' }],
  ['by release', { field: ['release', 'count_unique(user)'], statsPeriod: '3d' }],
  [
    'by tenant over 10 days (multi-day packs)',
    { field: ['tenant', 'count()', 'count_unique(user)', 'last_seen()'], statsPeriod: '10d' },
  ],
];

async function expectRollupEqualsScan(params: RawParams): Promise<void> {
  const query = parseTableQuery(params, NOW);
  const rollup = await allRows(opened.target, query);
  const scan = await allRows(opened.target, query, 'scan');
  expect(rollup.engine).toBe('rollup');
  expect(rollup.rows).toEqual(scan.rows);
}

describe('packed buckets', () => {
  it('decompose whole days into the largest packed blocks', () => {
    const DAY = 24 * HOUR_MS;
    const start = 800 * DAY;
    const packed = new Set([`d8:${800 * DAY}`, `d2:${808 * DAY}`, `d4:${812 * DAY}`]);
    expect(blocksOf(start, start + 13 * DAY, packed)).toEqual({
      blocks: [
        { tier: 'd8', bucket: 800 * DAY },
        { tier: 'd2', bucket: 808 * DAY },
      ],
      days: [[810 * DAY, 813 * DAY]],
    });
  });

  it('are what the fixture left: every settled bucket packed', () => {
    expect(store.fixture.packedRows).toBeGreaterThan(0);
    expect(packedRows()).toBe(store.fixture.packedRows);
    const unpacked = opened.sqlite
      .prepare(
        `select count(*) from (select distinct key, bucket from discover_rollup_hour where bucket < ?) h
         where not exists (select 1 from discover_rollup_packed_buckets p
           where p.key = h.key and p.tier = 'hour' and p.bucket = h.bucket)`,
      )
      .pluck()
      .get(NOW - HOUR_MS - 10 * 60_000);
    expect(unpacked).toBe(0);
    const blocks = opened.sqlite
      .prepare("select count(*) from discover_rollup_packed_buckets where tier in ('d2', 'd4', 'd8')")
      .pluck()
      .get() as number;
    expect(blocks).toBeGreaterThan(0);
  });

  for (const [name, params] of queries) {
    it(`answer ${name} as the scan engine does`, () => expectRollupEqualsScan(params));
  }

  it('answer the hourly series as the scan engine does', async () => {
    const query = parseStatsQuery(
      { yAxis: ['count()', 'count_unique(user)'], statsPeriod: '3d', interval: '1h' },
      NOW,
    );
    const rollup = await runStats(opened.target, query);
    expect(rollup.engine).toBe('rollup');
    expect(rollup.result).toEqual((await runStats(opened.target, query, 'scan')).result);
  });

  it('give the same rows as the unpacked rollup rows', async () => {
    const query = parseTableQuery(queries[0]![1], NOW);
    const packed = await allRows(opened.target, query);
    opened.sqlite.exec('delete from discover_rollup_packed; delete from discover_rollup_packed_buckets;');
    const unpacked = await allRows(opened.target, query);
    expect(unpacked.rows).toEqual(packed.rows);
    expect(opened.writer.maintain(10_000)).toBe(false);
    expect(packedRows()).toBe(store.fixture.packedRows);
  });

  it('are unpacked by a late event in the same transaction, and the event is counted', async () => {
    const at = NOW - 100 * HOUR_MS + 123;
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    const marked = opened.sqlite
      .prepare("select count(*) from discover_rollup_packed_buckets where tier = 'hour' and bucket = ?")
      .pluck();
    expect(marked.get(hour)).toBeGreaterThan(0);
    const block = Math.floor(at / (2 * 24 * HOUR_MS)) * 2 * 24 * HOUR_MS;
    const blockMarked = opened.sqlite
      .prepare("select count(*) from discover_rollup_packed_buckets where tier = 'd2' and bucket = ?")
      .pluck();
    expect(blockMarked.get(block)).toBeGreaterThan(0);
    const tags: Array<[string, string]> = [
      ['tenant', 'late-tenant'],
      ['environment', 'production'],
    ];
    const data = JSON.stringify({
      eventId: 'f'.repeat(32),
      environment: 'production',
      tags,
      user: { id: 'late-user' },
    });
    opened.sqlite.transaction(() => {
      opened.sqlite
        .prepare(
          `insert into events (event_id, project_id, issue_id, timestamp, received_at, data, raw, raw_encoding, size)
           values (?, ?, (select min(id) from issues), ?, ?, ?, '{}', 'identity', ?)`,
        )
        .run('f'.repeat(32), opened.target.projectIds[0], at, at, data, data.length);
      const batch = opened.writer.batch();
      batch.add(
        {
          projectId: opened.target.projectIds[0]!,
          timestamp: at,
          environment: 'production',
          userKey: 'id:late-user',
          tags,
        },
        { duplicate: false },
      );
      batch.flush();
    })();
    expect(marked.get(hour)).toBe(0);
    expect(blockMarked.get(block)).toBe(0);
    for (const [, params] of queries) await expectRollupEqualsScan(params);
    const late = (await allRows(opened.target, parseTableQuery(queries[4]![1], NOW))).rows.find(
      (row) => row.tenant === 'late-tenant',
    );
    expect(late).toMatchObject({ 'count()': 1, 'count_unique(user)': 1, 'last_seen()': at });
    // The next background turn packs the hour again.
    opened.writer.maintain(10_000);
    expect(marked.get(hour)).toBeGreaterThan(0);
    expect(blockMarked.get(block)).toBeGreaterThan(0);
    await expectRollupEqualsScan(queries[4]![1]);
  });
});

describe('distinct users past the exact range', () => {
  it('stay within HyperLogLog error bounds of the exact count', async () => {
    const NOW2 = Date.now();
    const big = await seedTestStore({ events: 12_000, days: 2, tenants: 2, users: 30_000, now: NOW2 });
    const db = await openWithWriter(big.dataDir, NOW2);
    try {
      const query = parseTableQuery(
        { field: ['tenant', 'count()', 'count_unique(user)'], statsPeriod: '2d' },
        NOW2,
      );
      const rollup = await allRows(db.target, query);
      const scan = await allRows(db.target, query, 'scan');
      expect(rollup.engine).toBe('rollup');
      expect(rollup.rows.map((row) => [row.tenant, row['count()']])).toEqual(
        scan.rows.map((row) => [row.tenant, row['count()']]),
      );
      for (const exact of scan.rows) {
        const estimate = rollup.rows.find((row) => row.tenant === exact.tenant)![
          'count_unique(user)'
        ] as number;
        const users = exact['count_unique(user)'] as number;
        // 4,096 registers: 1.6 % standard error; 5 % is past three standard errors.
        expect(users).toBeGreaterThan(256);
        expect(Math.abs(estimate - users) / users).toBeLessThan(0.05);
      }
    } finally {
      await db.close();
      big.remove();
    }
  }, 60_000);
});
