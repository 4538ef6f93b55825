/**
 * Opens Dexter's own database. By default `<dataDir>/dexter.sqlite`: WAL so readers never wait for
 * the writer, `synchronous = NORMAL` (every commit survives a process crash), foreign keys on. With
 * `DEXTER_DATABASE_URL` (postgres://...) a PostgreSQL database through a connection pool instead.
 * Migrations run before first use, the same definitions on both (dialect.ts holds the differences).
 * The rest of the server sees only the Kysely handle.
 */
import { join } from 'node:path';
import { applyDurablePragmas, openPrivateSqlite, withStatementCache } from '@dexter/sqlite';
import { type Dialect, Kysely, type KyselyPlugin, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresSchemaPlugin } from './dialect';
import { dexterMigrations } from './migrations';
import type { DexterDatabase } from './schema';

export type DexterDb = Kysely<DexterDatabase>;

export const dexterDbPath = (dataDir: string) => join(dataDir, 'dexter.sqlite');

const INT8_OID = 20;

/**
 * pg returns `bigint` (int8) columns, and `count(*)`, as strings because they may exceed 2^53.
 * Dexter's are epoch milliseconds, counts and ids, far below that, and the schema types say
 * `number`: parse them as numbers. Set per pool, not on pg's global parser table.
 */
const dexterPgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function postgresDialect(url: string): Dialect {
  const pool = new pg.Pool({ connectionString: url, types: dexterPgTypes });
  // A pooled idle connection the server drops (restart, failover) is replaced at the next
  // checkout, and the query that needs it reports the outage; without a listener pg would throw
  // the event out of the process.
  pool.on('error', () => {});
  return new PostgresDialect({ pool });
}

export async function openDexterDatabase(
  dataDir: string,
  databaseUrl: string | null = null,
): Promise<{ db: DexterDb; close(): Promise<void> }> {
  let dialect: Dialect;
  const plugins: KyselyPlugin[] = [];
  if (databaseUrl) {
    dialect = postgresDialect(databaseUrl);
    plugins.push(postgresSchemaPlugin());
  } else {
    // Credentials are only hashes or ciphertexts here, but the audit log and the rest are private too.
    const sqlite = openPrivateSqlite(dexterDbPath(dataDir));
    applyDurablePragmas(sqlite);
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  }
  const db = new Kysely<DexterDatabase>({ dialect, plugins });
  const { error } = await new Migrator({
    db,
    provider: dexterMigrations,
    // Features land in parallel and number their migrations ahead; a database that already ran a
    // later number must still take an earlier one that lands after it.
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    throw databaseUrl ? new DatabaseUnavailableError(databaseUrl, error) : error;
  }
  return { db, close: () => db.destroy() };
}

/** A PostgreSQL start that failed, said with the URL it tried, never with its password. */
export class DatabaseUnavailableError extends Error {
  constructor(databaseUrl: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(`DEXTER_DATABASE_URL: cannot open PostgreSQL at ${redactedUrl(databaseUrl)}: ${reason}`, { cause });
  }
}

function redactedUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
