import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite } from '@dexter/sqlite';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStoreDatabase } from './database';
import { storeMigrations } from './migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openStoreDatabase', () => {
  it('applies a migration that lands after a later-numbered one already ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dexter-store-db-'));
    dirs.push(dir);
    const all = await storeMigrations.getMigrations();
    const names = Object.keys(all).sort();
    const lateComer = names.at(-2) as string;
    const sqlite = openPrivateSqlite(join(dir, 'store.sqlite'));
    applyDurablePragmas(sqlite);
    const early = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const without = Object.fromEntries(Object.entries(all).filter(([name]) => name !== lateComer));
    const first = await new Migrator({
      db: early,
      provider: { getMigrations: async () => without },
    }).migrateToLatest();
    expect(first.error).toBeUndefined();
    await early.destroy();

    const opened = await openStoreDatabase(dir);
    const ran = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      opened.db,
    );
    expect(ran.rows.map((row) => row.name)).toEqual(names);
    await opened.close();
  });
});
