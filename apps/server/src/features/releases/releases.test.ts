/**
 * Releases through Dexter's API, read from the built-in store through the same gateway code that
 * reads sentry.io: releases and deploys recorded as a CI pipeline records them (/api/0, the store's
 * token), then listed, paged and opened with their deploys through /api/v1.
 */
import type { ErrorEnvelope, ReleaseDetail, ReleaseList } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

let dexter: TestDexter;
let viewer: TestClient;
let org: string;

const v1 = (rest = '') => `/api/v1/organizations/${org}/releases${rest}`;

async function api0(path: string, body: unknown): Promise<void> {
  expect((await dexter.storePost(`releases/${path}`, body)).status).toBe(201);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vera');
  const bootstrap = dexter.bootstrap!;
  org = bootstrap.org;
  const project = bootstrap.projects[0]!.id;
  for (const version of ['api@1.0.0', 'api@1.1.0', 'web@2.0.0+build.7']) {
    await api0('', { version, projects: [project], dateReleased: '2026-01-02T03:04:05Z' });
  }
  const web = encodeURIComponent('web@2.0.0+build.7');
  await api0(`${web}/deploys/`, { environment: 'staging', dateFinished: '2026-01-03T00:00:00Z' });
  await api0(`${web}/deploys/`, {
    environment: 'production',
    name: 'prod #7',
    dateFinished: '2026-01-04T00:00:00Z',
  });
});
afterAll(() => dexter.close());

describe('releases', () => {
  it('lists the organization’s releases, newest first, to a viewer', async () => {
    const res = await viewer.request(v1());
    expect(res.status).toBe(200);
    const list = (await res.json()) as ReleaseList;
    expect(list.items.map((r) => r.version)).toEqual(['web@2.0.0+build.7', 'api@1.1.0', 'api@1.0.0']);
    expect(list.nextCursor).toBeNull();
    expect(list.items[0]).toMatchObject({
      shortVersion: 'web@2.0.0+build.7',
      dateReleased: '2026-01-02T03:04:05.000Z',
      newGroups: 0,
      projects: [{ slug: expect.any(String), name: expect.any(String) }],
      lastDeploy: { environment: 'production', name: 'prod #7', dateFinished: '2026-01-04T00:00:00.000Z' },
      deployCount: 2,
      commitCount: 0,
      authors: [],
    });
  });

  it('filters by version prefix and pages with the cursor it answers', async () => {
    const filtered = (await (await viewer.request(v1('?query=API@'))).json()) as ReleaseList;
    expect(filtered.items.map((r) => r.version)).toEqual(['api@1.1.0', 'api@1.0.0']);

    const first = (await (await viewer.request(v1('?limit=2'))).json()) as ReleaseList;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const cursor = encodeURIComponent(first.nextCursor!);
    const second = (await (await viewer.request(v1(`?limit=2&cursor=${cursor}`))).json()) as ReleaseList;
    expect(second.items.map((r) => r.version)).toEqual(['api@1.0.0']);
    expect(second.nextCursor).toBeNull();
  });

  it('filters by project id', async () => {
    const project = dexter.bootstrap!.projects[0]!.id;
    const mine = (await (await viewer.request(v1(`?project=${project}`))).json()) as ReleaseList;
    expect(mine.items).toHaveLength(3);
  });

  it('opens a release whose version needs encoding, with its deploys', async () => {
    const res = await viewer.request(v1(`/${encodeURIComponent('web@2.0.0+build.7')}`));
    expect(res.status).toBe(200);
    const detail = (await res.json()) as ReleaseDetail;
    expect(detail.release.version).toBe('web@2.0.0+build.7');
    expect(detail.deploys.map((d) => [d.environment, d.name])).toEqual(
      expect.arrayContaining([
        ['production', 'prod #7'],
        ['staging', null],
      ]),
    );
    expect(detail.deploys).toHaveLength(2);
  });

  it('shows a release and a deploy recorded at the store at once, though the list was cached', async () => {
    const list = async () => ((await (await viewer.request(v1())).json()) as ReleaseList).items;
    expect((await list()).map((r) => r.version)).not.toContain('api@1.2.0');
    // sentry-cli writes straight to the store: its `release.changed` drops Dexter's cached reads.
    const project = dexter.bootstrap!.projects[0]!.id;
    await api0('', { version: 'api@1.2.0', projects: [project] });
    await dexter.store!.admin.drain();
    await dexter.platform.feed.idle();
    await expect
      .poll(async () => (await list()).map((r) => r.version), { timeout: 3_000 })
      .toContain('api@1.2.0');
    await api0('api%401.2.0/deploys/', { environment: 'production', name: 'prod #8' });
    await dexter.platform.feed.idle();
    await expect
      .poll(async () => (await list()).find((r) => r.version === 'api@1.2.0')?.lastDeploy?.name, {
        timeout: 3_000,
      })
      .toBe('prod #8');
  });

  it('answers an unknown version with Dexter’s 404 envelope', async () => {
    const res = await viewer.request(v1('/nope@9.9.9'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorEnvelope).error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });

  it('refuses a bad query with a 400 that names the field', async () => {
    const res = await viewer.request(v1('?limit=0'));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorEnvelope;
    expect(body.error.code).toBe('DEXTER_ERR_VALIDATION');
    expect(JSON.stringify(body.error)).toContain('limit');
    const project = await viewer.request(v1('?project=web'));
    expect(project.status).toBe(400);
    expect(JSON.stringify(await project.json())).toContain('project');
  });

  it('asks anonymous callers to sign in', async () => {
    expect((await dexter.anonymous(v1())).status).toBe(401);
    expect((await dexter.anonymous(v1('/api@1.0.0'))).status).toBe(401);
  });
});
