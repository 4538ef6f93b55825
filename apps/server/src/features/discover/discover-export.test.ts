/**
 * A Discover export with no row cap: 200,000 events in a standalone Dexter's store (written by
 * the Discover fixture, rollup included), exported through `/api/v1/.../discover/export` as CSV
 * and as NDJSON, streamed page by page through the upstream pipeline. Every row must be there, in
 * the store's order (newest first), with the store's values; a filtered export as NDJSON equally.
 */
import { join } from 'node:path';
import { seedDiscoverFixture } from '@dexter/store/testing';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const EVENTS = 200_000;
let dexter: TestDexter;
let viewer: TestClient;
let stored: Array<{ event_id: string; timestamp: number; tenant: string }>;

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer');
  const { projects } = dexter.bootstrap!;
  seedDiscoverFixture(
    { dataDir: dexter.dataDir, projectId: projects[0]!.id },
    { events: EVENTS, days: 2, tenants: 50, users: 500, issues: 20, seed: 7 },
  );
  const sqlite = new SQLite(join(dexter.dataDir, 'store.sqlite'), { readonly: true });
  try {
    stored = sqlite
      .prepare(
        `select event_id, timestamp,
           (select value ->> 1 from json_each(data, '$.tags') where value ->> 0 = 'tenant') as tenant
         from events order by timestamp desc, id desc`,
      )
      .all() as typeof stored;
  } finally {
    sqlite.close();
  }
}, 300_000);

afterAll(() => dexter?.close());

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const exportPath = (format: string) =>
  `/api/v1/organizations/${dexter.bootstrap!.org}/discover/export?field=id&field=timestamp&field=tenant&statsPeriod=3d&sort=-timestamp&format=${format}`;

describe('discover export', () => {
  it('streams every one of 200,000 events as CSV, in the store order with its values', async () => {
    expect(stored).toHaveLength(EVENTS);
    const res = await viewer.request(exportPath('csv'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe('id,timestamp,tenant');
    expect(lines).toHaveLength(EVENTS + 1);
    const mismatches = stored.filter(
      (row, i) => lines[i + 1] !== `${row.event_id},${iso(row.timestamp)},${row.tenant}`,
    );
    expect(mismatches).toEqual([]);
  }, 600_000);

  it('streams NDJSON rows keyed by the fields, filtered, and refuses a bad field before streaming', async () => {
    const res = await viewer.request(`${exportPath('ndjson')}&query=tenant:t0003`);
    expect(res.status).toBe(200);
    const rows = (await res.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const expected = stored
      .filter((row) => row.tenant === 't0003')
      .map((row) => ({ id: row.event_id, timestamp: iso(row.timestamp), tenant: row.tenant }));
    expect(expected.length).toBeGreaterThan(1000);
    expect(rows).toEqual(expected);
    const bad = await viewer.request(
      `/api/v1/organizations/${dexter.bootstrap!.org}/discover/export?field=p95(tenant)&format=csv`,
    );
    expect(bad.status).toBe(400);
  }, 600_000);
});
