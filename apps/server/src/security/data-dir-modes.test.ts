/**
 * One file-mode policy for the whole data directory (issue 23, finding 5): directories 0700,
 * files 0600, the built-in store's database and its WAL included. Before the fix `store.sqlite`
 * and its WAL were created 0644 (Dexter's own database was already 0600), so this test failed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';

let dexter: TestDexter;
let previousUmask: number;

beforeAll(async () => {
  // The common default: without a policy of its own, Dexter's files would be world-readable.
  previousUmask = process.umask(0o022);
  dexter = await startTestDexter();
  const project = dexter.bootstrap!.projects[0]!;
  const response = await postEnvelope(
    dexter.url,
    project.id,
    new URL(project.dsn).username,
    envelopeOf(testEvent()),
  );
  expect(response.status).toBe(200);
});
afterAll(async () => {
  await dexter.close();
  process.umask(previousUmask);
});

function modes(dir: string): Array<[string, string]> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const mode = (statSync(path).mode & 0o777).toString(8);
    return entry.isDirectory() ? [[`${entry.name}/`, mode], ...modes(path)] : [[entry.name, mode]];
  }) as Array<[string, string]>;
}

describe('the data directory', () => {
  it('holds only 0600 files in 0700 directories, the store database and its WAL included', () => {
    const found = modes(dexter.dataDir);
    const names = found.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['store.sqlite', 'store.sqlite-wal', 'dexter.sqlite']));
    expect((statSync(dexter.dataDir).mode & 0o777).toString(8)).toBe('700');
    expect(found.filter(([name, mode]) => mode !== (name.endsWith('/') ? '700' : '600'))).toEqual([]);
  });
});
