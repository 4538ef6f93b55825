/**
 * Opens the store's SQLite file with Dexter's durable pragmas (`@dexter/sqlite`); checkpoints run
 * in a worker instead of inside ingest commits. Migrations run before first use.
 */
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite, withStatementCache } from '@dexter/sqlite';
import type { Database } from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { storeMigrations } from './migrations';
import type { StoreDatabase } from './schema';
import { startWalCheckpointer } from './wal-checkpointer';

export type StoreDb = Kysely<StoreDatabase>;

export interface OpenedDatabase {
  db: StoreDb;
  /** The connection under `db`, for the ingest writer's prepared statements (`ingest/write/event-writer.ts`). */
  sqlite: Database;
  close(): Promise<void>;
}

export async function openStoreDatabase(dataDir: string): Promise<OpenedDatabase> {
  const file = join(dataDir, 'store.sqlite');
  // Events hold what SDKs send (user data, request bodies): private, as Dexter's own database.
  const sqlite = openPrivateSqlite(file);
  applyDurablePragmas(sqlite);
  // Checkpoints run in a worker (wal-checkpointer.ts), not inside ingest commits.
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const db = new Kysely<StoreDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const { error } = await new Migrator({
    db,
    provider: storeMigrations,
    // Features land in parallel and number their migrations ahead; a store that already ran a later
    // number must still take an earlier one that lands after it.
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) throw error;
  const checkpointer = startWalCheckpointer(file);
  return {
    db,
    sqlite,
    close: async () => {
      await db.destroy();
      await checkpointer.stop();
    },
  };
}
