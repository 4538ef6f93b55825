/**
 * Leases on Dexter's own database (SQLite here; PostgreSQL in the `postgres` project): of two
 * instances only one holds a lease, the holder renews it, another takes it over once it expires,
 * and a released lease is free at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DexterDb, openDexterDatabase } from '../db/database';
import { type TestDatabase, testDatabase } from '../testing/postgres-test-database';
import { createLeases } from './leases';

const dataDir = mkdtempSync(join(tmpdir(), 'dexter-leases-'));
let database: TestDatabase;
let opened: { db: DexterDb; close(): Promise<void> };
let clock = 1_000_000;
const now = () => clock;

beforeAll(async () => {
  database = await testDatabase();
  opened = await openDexterDatabase(dataDir, database.url);
});
afterAll(async () => {
  await opened.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('is held by one instance at a time, renewed by its holder and taken over once expired', async () => {
  const a = createLeases({ db: opened.db, now, owner: 'a' });
  const b = createLeases({ db: opened.db, now, owner: 'b' });
  const [first, second] = await Promise.all([a.hold('job:1', 3_000), b.hold('job:1', 3_000)]);
  expect(first).toBe(true);
  expect(second).toBe(false);

  clock += 2_000;
  expect(await a.hold('job:1', 3_000)).toBe(true);
  clock += 2_000;
  // Four seconds after it was taken, but renewed two seconds ago: still a's.
  expect(await b.hold('job:1', 3_000)).toBe(false);
  expect(await a.holder('job:1')).toEqual({ owner: 'a', expiresAt: clock + 1_000 });

  clock += 1_000;
  expect(await b.hold('job:1', 3_000)).toBe(true);
  // The old holder finds out at its next renewal.
  expect(await a.hold('job:1', 3_000)).toBe(false);
  expect((await b.holder('job:1'))?.owner).toBe('b');

  // Another name is another lease.
  expect(await a.hold('job:2', 3_000)).toBe(true);
});

it('is free for another instance as soon as its holder releases it', async () => {
  const a = createLeases({ db: opened.db, now, owner: 'a' });
  const b = createLeases({ db: opened.db, now, owner: 'b' });
  expect(await a.hold('poller', 60_000)).toBe(true);
  await b.release('poller');
  expect(await b.hold('poller', 60_000)).toBe(false);
  await a.release('poller');
  expect(await a.holder('poller')).toBeNull();
  expect(await b.hold('poller', 60_000)).toBe(true);
});
