/**
 * The one file-mode policy of Dexter's data directory: the directory is 0700 and every file in
 * it 0600 (databases, their WAL and shared-memory files, keys, bootstrap.json, snapshots), so
 * another account on the host reads nothing, whatever the process umask. SQLite creates a WAL
 * and its shared memory with the database file's mode, so a database created 0600 keeps them
 * private; files from older versions are tightened when opened.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite, { type Database } from 'better-sqlite3';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Creates `dir` (and its parents) if needed, and makes it private. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes an existing file private; a missing one is fine. */
export function makePrivate(path: string): void {
  if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
}

/** Opens (or creates) a SQLite database whose file, WAL and shared memory are private. */
export function openPrivateSqlite(path: string): Database {
  ensurePrivateDir(dirname(path));
  // Created 0600 before SQLite touches it, so the WAL and -shm SQLite derives from it are too.
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  makePrivate(path);
  for (const suffix of SQLITE_SIDE_FILES) makePrivate(`${path}${suffix}`);
  return new SQLite(path);
}
