/**
 * The pragmas both of Dexter's SQLite files (its own database and the built-in store) run with:
 * WAL so readers never wait for the writer, `synchronous = NORMAL`, which in WAL mode keeps every
 * committed transaction across a crash of the process (only a power loss can drop the last
 * commits), foreign keys enforced, and a writer that waits for a lock instead of failing at once.
 */
import type { Database } from 'better-sqlite3';

export function applyDurablePragmas(sqlite: Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}
