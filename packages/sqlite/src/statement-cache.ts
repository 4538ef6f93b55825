/**
 * Kysely's SQLite driver calls `prepare` for every query; preparing costs about as much as
 * running a small statement. This wrapper hands Kysely cached prepared statements, keyed by SQL
 * text (bounded, least recently used out). Streaming (`iterate`) gets a fresh statement, because
 * a statement that is mid-iteration cannot run again.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function withStatementCache(database: Database, maxStatements = 500): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= maxStatements) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      const cached = statement;
      return {
        reader: cached.reader,
        all: (parameters) => cached.all(...parameters),
        run: (parameters) => cached.run(...parameters),
        iterate: (parameters) => database.prepare(sql).iterate(...parameters),
      };
    },
  };
}
