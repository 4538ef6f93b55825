import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite } from '@dexter/sqlite';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../testing/postgres-server';
import { DatabaseUnavailableError, dexterDbPath, openDexterDatabase } from './database';
import { dialectOf, likeIgnoringCase } from './dialect';
import { dexterMigrations } from './migrations';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dexter-db-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDexterDatabase', () => {
  it('applies a migration that lands after a later-numbered one already ran', async () => {
    const dir = tempDir();
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

  it('leaves the SQLite schema of the released migrations exactly as they made it before PostgreSQL', async () => {
    // Recorded from a fresh database migrated by the migrations as released (before dialect.ts);
    // the same migrations today must produce the same sqlite_master, statement for statement.
    const recorded = JSON.parse(
      readFileSync(join(import.meta.dirname, 'fixtures/sqlite-schema-released.json'), 'utf8'),
    ) as { migrations: string[]; objects: unknown[] };
    const all = await dexterMigrations.getMigrations();
    const released = Object.fromEntries(recorded.migrations.map((name) => [name, all[name]]));
    expect(Object.values(released).every(Boolean)).toBe(true);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    const { error } = await new Migrator({
      db,
      provider: { getMigrations: async () => released as typeof all },
    }).migrateToLatest();
    expect(error).toBeUndefined();
    const now = await sql`select type, name, tbl_name, sql from sqlite_master
      where name not like 'kysely_%' order by type, name`.execute(db);
    await db.destroy();
    expect(now.rows).toEqual(recorded.objects);
    expect(recorded.objects.length).toBeGreaterThan(40);
  });
});

describe('openDexterDatabase on PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs every migration, numbers ids by identity, and reads bigint columns and counts as numbers', async () => {
    const url = await server.createDatabase();
    const { db, close } = await openDexterDatabase(tempDir(), url);
    expect(dialectOf(db)).toBe('postgres');
    const ran = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    expect(ran.rows.map((row) => row.name)).toEqual(
      Object.keys(await dexterMigrations.getMigrations()).sort(),
    );

    const user = (name: string) => ({
      username: name,
      display_name: name,
      role: 'viewer',
      must_change_password: 0,
      created_at: 1_780_000_000_123,
      updated_at: 1_780_000_000_123,
    });
    const first = await db.insertInto('users').values(user('ann')).returningAll().executeTakeFirstOrThrow();
    const second = await db.insertInto('users').values(user('bob')).returning('id').executeTakeFirstOrThrow();
    expect(first).toMatchObject({ id: 1, created_at: 1_780_000_000_123, must_change_password: 0 });
    expect(second.id).toBe(2);
    // Deleting the newest row does not hand its id out again (SQLite's autoincrement does the same).
    await db.deleteFrom('users').where('id', '=', 2).execute();
    const third = await db.insertInto('users').values(user('cat')).returning('id').executeTakeFirstOrThrow();
    expect(third.id).toBe(3);
    const counted = await db
      .selectFrom('users')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('newest')])
      .executeTakeFirstOrThrow();
    expect(counted).toEqual({ n: 2, newest: 1_780_000_000_123 });

    const columns = await sql<{ column_name: string; is_identity: string }>`
      select column_name, is_identity from information_schema.columns
      where table_name = 'audit_log' and column_name = 'id'`.execute(db);
    expect(columns.rows).toEqual([{ column_name: 'id', is_identity: 'YES' }]);
    await close();

    // A second start finds everything migrated and keeps the data.
    const again = await openDexterDatabase(tempDir(), url);
    const names = await again.db.selectFrom('users').select('username').orderBy('id').execute();
    expect(names.map((row) => row.username)).toEqual(['ann', 'cat']);
    await again.close();
    await server.dropDatabase(url);
  });

  it('says which DEXTER_DATABASE_URL it could not open, without its password', async () => {
    // Nothing listens on port 1 of the loopback interface: the connection is refused at once.
    const opening = openDexterDatabase(tempDir(), 'postgres://dexter:hunter2@127.0.0.1:1/dexter');
    const error = await opening.then(
      () => new Error('opened'),
      (caught: Error) => caught,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error.message).toMatch(
      /^DEXTER_DATABASE_URL: cannot open PostgreSQL at postgres:\/\/dexter:\*\*\*@127\.0\.0\.1:1\/dexter: .*ECONNREFUSED/,
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('matches `likeIgnoringCase` the same way on both dialects', async () => {
    const url = await server.createDatabase();
    const postgres = await openDexterDatabase(tempDir(), url);
    const sqlite = await openDexterDatabase(tempDir());
    for (const { db } of [postgres, sqlite]) {
      for (const [index, name] of ['Alpha_1', 'alpha%2', 'BETA'].entries()) {
        await db
          .insertInto('secrets')
          .values({ name, ciphertext: 'x', key_id: 'k', created_at: index, updated_at: index })
          .execute();
      }
      const matching = async (pattern: string) =>
        (
          await db
            .selectFrom('secrets')
            .select('name')
            .where(likeIgnoringCase(db, 'name', pattern))
            .orderBy('name')
            .execute()
        ).map((row) => row.name);
      expect(await matching('ALPHA%')).toEqual(['Alpha_1', 'alpha%2']);
      expect(await matching('%\\%%')).toEqual(['alpha%2']);
      expect(await matching('%a\\_1')).toEqual(['Alpha_1']);
      expect(await matching('beta')).toEqual(['BETA']);
    }
    await postgres.close();
    await sqlite.close();
    await server.dropDatabase(url);
  });
});
