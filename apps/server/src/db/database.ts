/**
 * Opens Dexter's own database, `<dataDir>/dexter.sqlite`: WAL so readers never wait for the
 * writer, `synchronous = NORMAL` (every commit survives a process crash), foreign keys on.
 * Migrations run before first use. The rest of the server sees only the Kysely handle, so a
 * PostgreSQL dialect can replace this file without touching a query.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyDurablePragmas, withStatementCache } from '@dexter/sqlite';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { dexterMigrations } from './migrations';
import type { DexterDatabase } from './schema';

export type DexterDb = Kysely<DexterDatabase>;

export const dexterDbPath = (dataDir: string) => join(dataDir, 'dexter.sqlite');

export async function openDexterDatabase(dataDir: string): Promise<{ db: DexterDb; close(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = dexterDbPath(dataDir);
  const sqlite = new SQLite(path);
  // Credentials are only hashes or ciphertexts here, but the audit log and the rest are private too.
  chmodSync(path, 0o600);
  applyDurablePragmas(sqlite);
  const db = new Kysely<DexterDatabase>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  const { error } = await new Migrator({ db, provider: dexterMigrations }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  // The WAL and shared-memory files hold the same rows: same permissions as the database.
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(`${path}${suffix}`)) chmodSync(`${path}${suffix}`, 0o600);
  return { db, close: () => db.destroy() };
}
