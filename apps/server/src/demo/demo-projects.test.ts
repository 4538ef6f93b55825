/**
 * The demo's projects exist before the banner is printed, and bootstrap.json lists every one of
 * them (issue 22: on a first start it listed the bootstrap project only).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { ensureDemoProjects } from './seed-demo';

let dexter: TestDexter;

beforeAll(async () => {
  dexter = await startTestDexter();
});
afterAll(() => dexter.close());

const listedSlugs = () =>
  (
    JSON.parse(readFileSync(join(dexter.dataDir, 'bootstrap.json'), 'utf8')) as {
      projects: Array<{ slug: string; dsn: string }>;
    }
  ).projects.map((project) => project.slug);

describe('demo projects', () => {
  it('creates one project per demo service in an empty store, and bootstrap.json then lists them all', async () => {
    const store = dexter.store!;
    const bootstrap = dexter.bootstrap!;
    expect(listedSlugs()).toEqual([bootstrap.projects[0]!.slug]);
    const projects = await ensureDemoProjects({ store, bootstrap, publicUrl: dexter.url });
    expect(projects?.map((project) => project.slug)).toEqual([
      bootstrap.projects[0]!.slug,
      'payments',
      'invoicing',
    ]);
    await store.admin.bootstrap({ publicUrl: dexter.url });
    expect(listedSlugs()).toEqual(projects?.map((project) => project.slug));
    // Twice is the same: no second set of projects.
    expect((await ensureDemoProjects({ store, bootstrap, publicUrl: dexter.url }))?.length).toBe(3);
  });
});
