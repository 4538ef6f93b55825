/**
 * Opens Dexter's own database, `<dataDir>/dexter.sqlite`: WAL so readers never wait for the
 * writer, `synchronous = NORMAL` (every commit survives a process crash), foreign keys on.
 * Migrations run before first use. The rest of the server sees only the Kysely handle, so a
 * PostgreSQL dialect can replace this file without touching a query.
 */
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite, withStatementCache } from '@dexter/sqlite';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { dexterMigrations } from './migrations';
import type { DexterDatabase } from './schema';

export type DexterDb = Kysely<DexterDatabase>;

export const dexterDbPath = (dataDir: string) => join(dataDir, 'dexter.sqlite');

export async function openDexterDatabase(dataDir: string): Promise<{ db: DexterDb; close(): Promise<void> }> {
  // Credentials are only hashes or ciphertexts here, but the audit log and the rest are private too.
  const sqlite = openPrivateSqlite(dexterDbPath(dataDir));
  applyDurablePragmas(sqlite);
  const db = new Kysely<DexterDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const { error } = await new Migrator({
    db,
    provider: dexterMigrations,
    // Features land in parallel and number their migrations ahead; a database that already ran a
    // later number must still take an earlier one that lands after it.
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return { db, close: () => db.destroy() };
}
