/**
 * Vitest global setup of the `postgres` project (vitest.config.ts): one throwaway PostgreSQL
 * server for the whole run, handed to the test files through `provide`/`inject`
 * (postgres-test-database.ts), stopped when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server';

export default async function setup(project: TestProject) {
  const server = await startPostgresServer();
  project.provide('dexterPostgresUrl', server.url);
  return () => server.stop();
}
