/**
 * The releases bench's store: a built-in store's data directory bootstrapped as Dexter would (an
 * organization, a project, an API token), then filled by the store's timeline fixture
 * (`seedTimelineFixture`): N events over D days across R releases (each deployed to every
 * environment), with the same rows ingest would leave, hourly rollups included.
 */
import { createStore, seedTimelineFixture, type TimelineFixture } from '@dexter/store/testing';

export interface ReleasesStorePlan {
  events: number;
  releases: number;
  environments: number;
  issues: number;
  days: number;
  sessions: number;
}

export interface ReleasesStore extends TimelineFixture {
  seconds: number;
}

export async function seedReleasesStore(dataDir: string, plan: ReleasesStorePlan): Promise<ReleasesStore> {
  const started = performance.now();
  const store = await createStore({ dataDir, ingestWorkers: 0 });
  let projectId: string;
  try {
    // The URL only shapes DSNs in bootstrap.json; Dexter rewrites them with its own at start.
    const boot = await store.bootstrap({ publicUrl: 'http://127.0.0.1:9', projectSlug: 'app' });
    projectId = boot.projects[0]!.id;
  } finally {
    await store.close();
  }
  const fixture = await seedTimelineFixture({ dataDir, projectId }, { ...plan, seed: 14 });
  return { ...fixture, seconds: (performance.now() - started) / 1000 };
}
