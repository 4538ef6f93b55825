/**
 * For tests and benchmarks in other workspaces that must look under the store's public port: a
 * second connection to a store's database file (to assert what a change left in the rows), and
 * the parts of the ingest pipeline a seeding benchmark drives without HTTP.
 */
import { join } from 'node:path';
import { withStatementCache } from '@dexter/sqlite';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { StoreDatabase } from '../db/schema';

export { defaultIngestLimits } from '../ingest/ingest-routes';
export { createPreparePool, defaultIngestWorkers } from '../ingest/prepare/prepare-pool';
export { createStore } from '../store';

/** A connection to the store database in `dataDir`; close it with `destroy()`. */
export function storeDatabaseIn(dataDir: string): Kysely<StoreDatabase> {
  const sqlite = new SQLite(join(dataDir, 'store.sqlite'));
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}
