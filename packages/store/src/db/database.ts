/**
 * Opens the store's SQLite file: WAL journal so readers never block the ingest writer, and
 * `synchronous = NORMAL`, which in WAL mode keeps every committed transaction across a crash of
 * the process (only a power loss can drop the last commits). Migrations run before first use.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { storeMigrations } from './migrations';
import type { StoreDatabase } from './schema';

export type StoreDb = Kysely<StoreDatabase>;

export interface OpenedDatabase {
  db: StoreDb;
  close(): Promise<void>;
}

export async function openStoreDatabase(dataDir: string): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(join(dataDir, 'store.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: storeMigrations }).migrateToLatest();
  if (error) throw error;
  return { db, close: () => db.destroy() };
}
