/**
 * A small Discover fixture store for the rollup's tests: the bench's generator at a few thousand
 * events, opened without a write queue (`openStoreDatabase`) so the test's own rollup writer is
 * the only one on the database and drives the background work itself (`maintain`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStoreDatabase } from '../db/database';
import { createStore } from '../store';
import { type DiscoverFixtureOptions, seedDiscoverFixture } from './discover-fixture';
import { createDiscoverRollupWriter } from './discover-rollup-writer';
import type { ScanTarget } from './scan-engine';

export async function seedTestStore(options: Omit<DiscoverFixtureOptions, 'issues'>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'dexter-discover-test-'));
  const boot = await createStore({ dataDir, ingestWorkers: 0 });
  const projectId = (await boot.bootstrap({ publicUrl: 'http://127.0.0.1:9', projectSlug: 'app' }))
    .projects[0]!.id;
  await boot.close();
  const fixture = seedDiscoverFixture({ dataDir, projectId }, { ...options, issues: 20 });
  return {
    dataDir,
    fixture,
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The store's database with one rollup writer that runs nothing in the background. */
export async function openWithWriter(dataDir: string, now: number) {
  const opened = await openStoreDatabase(dataDir);
  const writer = createDiscoverRollupWriter(opened.sqlite, { background: false, now: () => now });
  const projects = await opened.db.selectFrom('projects').select(['id', 'slug']).execute();
  const target: ScanTarget = {
    db: opened.db,
    projectIds: projects.map((p) => p.id),
    slugs: new Map(projects.map((p) => [p.id, p.slug])),
    now,
  };
  return { ...opened, writer, target };
}
