import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite } from '@dexter/sqlite';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { dexterDbPath, openDexterDatabase } from './database';
import { dexterMigrations } from './migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDexterDatabase', () => {
  it('applies a migration that lands after a later-numbered one already ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dexter-db-'));
    dirs.push(dir);
    const all = await dexterMigrations.getMigrations();
    const names = Object.keys(all).sort();
    const lateComer = names.at(-2) as string;
    // A database that ran every migration but one earlier than the newest, as when two features land
    // out of number order.
    const sqlite = openPrivateSqlite(dexterDbPath(dir));
    applyDurablePragmas(sqlite);
    const early = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const without = Object.fromEntries(Object.entries(all).filter(([name]) => name !== lateComer));
    const first = await new Migrator({
      db: early,
      provider: { getMigrations: async () => without },
    }).migrateToLatest();
    expect(first.error).toBeUndefined();
    await early.destroy();

    const { db, close } = await openDexterDatabase(dir);
    const ran = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(ran.rows.map((row) => row.name)).toEqual(names);
    await close();
  });
});
