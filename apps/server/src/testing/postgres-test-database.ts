/**
 * Test-only: which database a test Dexter opens. In the `postgres` vitest project
 * (postgres-global-setup.ts starts one throwaway server for the run) every test Dexter gets a
 * fresh PostgreSQL database, dropped when it closes; in the other projects this says null and
 * Dexter keeps its SQLite file in the test's data directory.
 */
import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of the throwaway PostgreSQL server, in the `postgres` project only. */
    dexterPostgresUrl?: string;
  }
}

export interface TestDatabase {
  /** `DEXTER_DATABASE_URL` for the Dexter under test; null on SQLite. */
  url: string | null;
  drop(): Promise<void>;
}

/**
 * A fresh database, dropped by `drop()`. With `dataDir`, a test that chose its own data directory
 * (to restart Dexter on it) gets the database of that directory: the same one at every start, as
 * the SQLite file in it would be, kept until the server stops at the end of the run.
 */
export async function testDatabase(dataDir?: string): Promise<TestDatabase> {
  const server = inject('dexterPostgresUrl');
  if (!server) return { url: null, drop: async () => {} };
  if (dataDir) {
    const name = `dexter_dir_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
    return { url: await createDatabase(server, name, { ifMissing: true }), drop: async () => {} };
  }
  const url = await createDatabase(server);
  return { url, drop: () => dropDatabase(server, url) };
}
