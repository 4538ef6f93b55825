import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPrivateSqlite } from './private-files';
import { applyDurablePragmas } from './sqlite-pragmas';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('openPrivateSqlite', () => {
  it('creates the database, its WAL and shared memory 0600 in a 0700 directory, whatever the umask', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dexter-private-')), 'data');
    dirs.push(dir);
    const previous = process.umask(0o022);
    try {
      const db = openPrivateSqlite(join(dir, 'x.sqlite'));
      applyDurablePragmas(db);
      db.exec('CREATE TABLE t (v TEXT); INSERT INTO t VALUES (1)');
      expect([modeOf(dir), ...['', '-wal', '-shm'].map((s) => modeOf(join(dir, `x.sqlite${s}`)))]).toEqual([
        0o700, 0o600, 0o600, 0o600,
      ]);
      db.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens files an older version left world-readable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dexter-private-'));
    dirs.push(dir);
    chmodSync(dir, 0o755);
    const path = join(dir, 'old.sqlite');
    const first = openPrivateSqlite(path);
    applyDurablePragmas(first);
    first.exec('CREATE TABLE t (v TEXT)');
    first.close();
    for (const file of [path, `${path}-wal`]) {
      writeFileSync(file, '', { flag: 'a' });
      chmodSync(file, 0o644);
    }
    openPrivateSqlite(path).close();
    expect([modeOf(dir), modeOf(path), modeOf(`${path}-wal`)]).toEqual([0o700, 0o600, 0o600]);
  });
});
