/**
 * Discover's two engines over real ingest: events posted as envelopes (with a tag that first
 * appears halfway through, events without it, two environments, users, and times spread over
 * three days so windows cut hours and days), then the same queries through the rollup engine and
 * the scan engine must give the same rows, and those rows must equal what a plain count of the
 * sent events says. Also: the rollup rebuilt from stored events (an upgraded store) equals the
 * one ingest kept.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../testing/envelopes';
import { type StoreServer, startStoreServer } from '../testing/store-harness';
import { allRows, runStats, runTable } from './discover-engine';
import { parseStatsQuery, parseTableQuery, type RawParams } from './discover-query';
import { createDiscoverRollupWriter } from './discover-rollup-writer';
import type { ScanTarget } from './scan-engine';

const HOUR = 3_600_000;
let server: StoreServer;
let target: ScanTarget;
const NOW = Date.now();

interface Sent {
  at: number;
  shard: string | null;
  environment: string;
  user: string | null;
  ms: number;
}
const sent: Sent[] = [];

beforeAll(async () => {
  server = await startStoreServer();
  for (let i = 0; i < 80; i++) {
    const at = NOW - 70 * HOUR + Math.floor((i * 69.5 * HOUR) / 80) + (i % 7) * 60_000;
    // The shard tag appears from the 30th event on, and every fifth event after it lacks it.
    const shard = i >= 30 && i % 5 !== 0 ? `s${i % 4}` : null;
    const environment = i % 3 === 0 ? 'staging' : 'production';
    const user = i % 6 === 0 ? null : `u${i % 9}`;
    const ms = (i * 37) % 500;
    sent.push({ at, shard, environment, user, ms });
    const event = testEvent({
      at,
      environment,
      fingerprint: [`bug-${i % 3}`],
      tags: { ...(shard ? { shard } : {}), ms: String(ms) },
      ...(user ? { userId: user } : {}),
    });
    const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(res.status).toBe(200);
  }
  const projects = await server.store.db.selectFrom('projects').select(['id', 'slug']).execute();
  target = {
    db: server.store.db,
    projectIds: projects.map((p) => p.id),
    slugs: new Map(projects.map((p) => [p.id, p.slug])),
    now: NOW,
  };
});
afterAll(() => server.close());

const table = (params: RawParams) => parseTableQuery(params, NOW);
const window = {
  start: new Date(NOW - 50 * HOUR + 17 * 60_000).toISOString(),
  end: new Date(NOW - HOUR + 5 * 60_000).toISOString(),
};
const inWindow = (s: Sent) => s.at >= Date.parse(window.start) && s.at < Date.parse(window.end);

describe('rollup and scan engines agree', () => {
  const queries: Array<[string, RawParams]> = [
    ['count() by a tag some events lack', { field: ['shard', 'count()'], statsPeriod: '7d' }],
    [
      'count_unique(user) and last_seen() by a tag in a window that cuts hours and days',
      { field: ['shard', 'count()', 'count_unique(user)', 'last_seen()'], ...window },
    ],
    [
      'by environment, filtered to one',
      {
        field: ['environment', 'count()', 'count_unique(user)'],
        query: 'environment:staging',
        statsPeriod: '7d',
      },
    ],
    ['ungrouped', { field: ['count()', 'count_unique(user)'], ...window, environment: 'production' }],
    ['by project', { field: ['project', 'count()'], statsPeriod: '24h' }],
    ['ascending by the group', { field: ['shard', 'count()'], sort: 'shard', statsPeriod: '7d' }],
  ];
  for (const [name, params] of queries) {
    it(name, async () => {
      const query = table(params);
      const rollup = await allRows(target, query);
      const scan = await allRows(target, query, 'scan');
      expect(rollup.engine).toBe('rollup');
      expect(scan.engine).toBe('scan');
      expect(rollup.rows).toEqual(scan.rows);
    });
  }

  it('counts what was sent', async () => {
    const result = await runTable(
      target,
      table({ field: ['shard', 'count()', 'count_unique(user)'], ...window }),
    );
    const expected = new Map<string, { n: number; users: Set<string> }>();
    for (const s of sent.filter(inWindow)) {
      const group = expected.get(s.shard ?? '') ?? { n: 0, users: new Set() };
      group.n += 1;
      if (s.user) group.users.add(s.user);
      expected.set(s.shard ?? '', group);
    }
    const rows = [...expected].map(([shard, g]) => ({
      shard,
      'count()': g.n,
      'count_unique(user)': g.users.size,
    }));
    expect(result.data).toEqual(
      rows.sort((a, b) => b['count()'] - a['count()'] || (a.shard < b.shard ? -1 : 1)),
    );
    expect(result.meta.fields).toEqual({
      shard: 'string',
      'count()': 'integer',
      'count_unique(user)': 'integer',
    });
  });
});

describe('the scan engine', () => {
  it('answers count_if, percentiles, averages and conditions on numeric tags', async () => {
    const query = table({
      field: [
        'environment',
        'count_if(tags[ms,number],greater,250)',
        'p50(tags[ms,number])',
        'max(tags[ms,number])',
        'avg(tags[ms,number])',
      ],
      query: 'shard:s* !shard:s3',
      statsPeriod: '7d',
      sort: 'environment',
    });
    const { data } = await runTable(target, query);
    const picked = sent.filter((s) => s.shard !== null && s.shard !== 's3');
    const expected = ['production', 'staging'].map((environment) => {
      const ms = picked
        .filter((s) => s.environment === environment)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      const mid = (ms.length - 1) / 2;
      return {
        environment,
        'count_if(tags[ms,number],greater,250)': ms.filter((m) => m > 250).length,
        'p50(tags[ms,number])': (ms[Math.floor(mid)]! + ms[Math.ceil(mid)]!) / 2,
        'max(tags[ms,number])': Math.max(...ms),
        'avg(tags[ms,number])': ms.reduce((a, b) => a + b, 0) / ms.length,
      };
    });
    expect(data).toEqual(expected);
  });

  it('lists events newest first, page by page', async () => {
    const first = await runTable(
      target,
      table({ field: ['id', 'timestamp', 'shard'], statsPeriod: '7d', per_page: '30' }),
    );
    const second = await runTable(
      target,
      table({ field: ['id', 'timestamp', 'shard'], statsPeriod: '7d', per_page: '30', cursor: '0:30:0' }),
    );
    const third = await runTable(
      target,
      table({ field: ['id', 'timestamp', 'shard'], statsPeriod: '7d', per_page: '30', cursor: '0:60:0' }),
    );
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
    const all = [...first.data, ...second.data, ...third.data];
    expect(all).toHaveLength(80);
    expect(new Set(all.map((r) => r.id)).size).toBe(80);
    const times = all.map((r) => Date.parse(String(r.timestamp)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(String(all[0]!.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('pages an event list by time anchors to the same rows as by offsets', async () => {
    const byOffset = await runTable(
      target,
      table({ field: ['id', 'timestamp'], statsPeriod: '7d', per_page: '100' }),
    );
    const keyset: unknown[] = [];
    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const params = {
        field: ['id', 'timestamp'],
        statsPeriod: '7d',
        per_page: '7',
        ...(cursor ? { cursor } : {}),
      };
      const result = await runTable(target, table(params));
      keyset.push(...result.data.map((row) => row.id));
      if (!result.hasMore) break;
      expect(result.nextCursor).toMatch(/^\d{13}:\d+:0$/);
      cursor = result.nextCursor;
    }
    expect(keyset).toEqual(byOffset.data.map((row) => row.id));
  });
});

describe('series', () => {
  it('hourly counts and users, rollup equal to scan, summing to the table', async () => {
    const query = parseStatsQuery(
      { yAxis: ['count()', 'count_unique(user)'], statsPeriod: '3d', interval: '1h' },
      NOW,
    );
    const rollup = await runStats(target, query);
    const scan = await runStats(target, query, 'scan');
    expect(rollup.engine).toBe('rollup');
    expect(rollup.result).toEqual(scan.result);
    const counts = (rollup.result as Record<string, { data: Array<[number, Array<{ count: number }>]> }>)[
      'count()'
    ]!;
    expect(counts.data).toHaveLength(73);
    const total = counts.data.reduce((sum, [, [point]]) => sum + point!.count, 0);
    expect(total).toBe(sent.filter((s) => s.at >= Math.floor((NOW - 72 * HOUR) / HOUR) * HOUR).length);
  });

  it('top events by a tag with Other, rollup equal to scan', async () => {
    const query = parseStatsQuery(
      {
        yAxis: 'count_unique(user)',
        field: ['shard', 'count_unique(user)'],
        topEvents: '2',
        statsPeriod: '3d',
        interval: '6h',
      },
      NOW,
    );
    const rollup = await runStats(target, query);
    const scan = await runStats(target, query, 'scan');
    expect(rollup.engine).toBe('rollup');
    expect(rollup.result).toEqual(scan.result);
    expect(Object.keys(rollup.result)).toHaveLength(3);
    expect(Object.keys(rollup.result)).toContain('Other');
  });
});

describe('an upgraded store', () => {
  it('rebuilds the rollup from stored events to what ingest kept', async () => {
    const query = table({ field: ['shard', 'count()', 'count_unique(user)', 'last_seen()'], ...window });
    const before = await allRows(target, query);
    const sqlite = new SQLite(join(server.dataDir, 'store.sqlite'));
    try {
      sqlite.exec(`delete from discover_rollup_hour; delete from discover_rollup_day; delete from discover_rollup_keys;
        delete from discover_rollup_packed; delete from discover_rollup_packed_buckets;
        insert into discover_rollup_backfill (project_id) select id from projects;`);
      createDiscoverRollupWriter(sqlite, { background: false }).maintainFully();
      expect(sqlite.prepare('select count(*) from discover_rollup_backfill').pluck().get()).toBe(0);
    } finally {
      sqlite.close();
    }
    const after = await allRows(target, query);
    expect(after.engine).toBe('rollup');
    expect(after.rows).toEqual(before.rows);
  });
});

describe('the rollup switched off and on again', () => {
  it('scans while off and, back on, counts everything in once', async () => {
    const query = table({ field: ['shard', 'count()', 'count_unique(user)'], statsPeriod: '7d' });
    const before = await allRows(target, query);
    const sqlite = new SQLite(join(server.dataDir, 'store.sqlite'));
    try {
      process.env.DEXTER_STORE_DISCOVER_ROLLUP = 'off';
      createDiscoverRollupWriter(sqlite, { background: false });
      const off = await allRows(target, query);
      expect(off.engine).toBe('scan');
      expect(off.rows).toEqual(before.rows);
      delete process.env.DEXTER_STORE_DISCOVER_ROLLUP;
      createDiscoverRollupWriter(sqlite, { background: false }).maintainFully();
    } finally {
      delete process.env.DEXTER_STORE_DISCOVER_ROLLUP;
      sqlite.close();
    }
    const on = await allRows(target, query);
    expect(on.engine).toBe('rollup');
    expect(on.rows).toEqual(before.rows);
  });
});
