/**
 * Which events reopen a resolved issue, through the HTTP API with real envelopes: any, for a plain
 * resolution; only releases newer than the project's newest at the time, for "resolved in the
 * next release"; the release itself and newer ones, for "resolved in release X". Each test has
 * its own project, since "newest release" is a question about one project.
 */
import type { Change } from '@dexter/change-feed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, secondProject, seedIssue } from '../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
const heard: Change[] = [];

beforeAll(async () => {
  server = await startStoreServer();
  server.store.changes.subscribe((change) => void heard.push(change));
});
afterAll(() => server.close());

type Project = Awaited<ReturnType<typeof secondProject>> & { slug: string };

async function project(slug: string): Promise<Project> {
  return { ...(await secondProject(server, slug)), slug };
}

async function createRelease(p: Project, version: string, extra: Record<string, unknown> = {}) {
  const res = await apiCall(server, 'POST', orgPath(server, 'releases/'), {
    version,
    projects: [p.slug],
    ...extra,
  });
  expect(res.status).toBe(201);
}

const resolve = (id: string, body: Record<string, unknown>) =>
  apiCall<Record<string, unknown>>(server, 'PUT', orgPath(server, `issues/${id}/`), body);

interface IssueDetail {
  status: string;
  substatus: string | null;
  statusDetails: Record<string, unknown>;
  activity: Array<{ type: string; data: Record<string, unknown> }>;
}
const detail = async (id: string) =>
  (await apiCall<IssueDetail>(server, 'GET', orgPath(server, `issues/${id}/`))).body;

/** Sends one more event of the issue named `name` from `release` (null: none). */
const event = (p: Project, name: string, release: string | null) =>
  seedIssue(server, name, { project: p, release });

describe('regressions after a resolution', () => {
  it('a plain resolution reopens on the next event', async () => {
    const p = await project('plain');
    const id = await event(p, 'plain', null);
    await resolve(id, { status: 'resolved' });
    await event(p, 'plain', null);
    expect((await detail(id)).status).toBe('unresolved');
  });

  it('resolve-in-next-release reopens only on a newer release', async () => {
    const p = await project('next-release');
    await createRelease(p, 'shop@1.0.0');
    const id = await event(p, 'checkout', 'shop@1.0.0');
    const res = await resolve(id, { status: 'resolved', statusDetails: { inNextRelease: true } });
    expect(res.body).toMatchObject({ status: 'resolved', statusDetails: { inNextRelease: true } });

    // The release it was resolved against, an older one (never recorded) and none at all.
    for (const release of ['shop@1.0.0', 'shop@0.9.0', null]) await event(p, 'checkout', release);
    expect(await detail(id)).toMatchObject({ status: 'resolved', statusDetails: { inNextRelease: true } });

    const back = await event(p, 'checkout', 'shop@1.1.0');
    expect(back).toBe(id);
    const reopened = await detail(id);
    expect(reopened).toMatchObject({ status: 'unresolved', substatus: 'regressed', statusDetails: {} });
    expect(reopened.activity[0]).toMatchObject({ type: 'set_regression', data: { version: 'shop@1.1.0' } });
    await server.store.drain();
    expect(heard.filter((c) => c.type === 'issue.regressed' && c.issueId === id)).toHaveLength(1);
  });

  it('orders by semver, not by when a release was created', async () => {
    const p = await project('semver-order');
    await createRelease(p, 'api@2.0.0');
    await createRelease(p, 'api@1.4.0'); // a hotfix of the old line, created later
    const id = await event(p, 'semver', 'api@2.0.0');
    await resolve(id, { status: 'resolvedInNextRelease' });
    await event(p, 'semver', 'api@1.4.0');
    expect((await detail(id)).status).toBe('resolved');
    await event(p, 'semver', 'api@2.0.1');
    expect((await detail(id)).status).toBe('unresolved');
  });

  it('orders versions that are not semver by release date', async () => {
    const p = await project('date-order');
    await createRelease(p, 'build-green', { dateReleased: '2026-02-01T00:00:00Z' });
    await createRelease(p, 'build-blue', { dateReleased: '2026-01-01T00:00:00Z' });
    const id = await event(p, 'dates', 'build-blue');
    await resolve(id, { status: 'resolvedInNextRelease' });
    // The newest release was build-green (by date), so build-green itself keeps it resolved.
    for (const release of ['build-blue', 'build-green']) await event(p, 'dates', release);
    expect((await detail(id)).status).toBe('resolved');
    await createRelease(p, 'build-red');
    await event(p, 'dates', 'build-red');
    expect((await detail(id)).status).toBe('unresolved');
  });

  it('refuses "in the next release" in a project without releases, naming the field', async () => {
    const p = await project('no-releases');
    const id = await event(p, 'bare', null);
    const res = await resolve(id, { status: 'resolved', statusDetails: { inNextRelease: true } });
    expect(res).toMatchObject({
      status: 400,
      body: {
        statusDetails: {
          inNextRelease: ["No release data present in the system to form a basis for 'Next Release'"],
        },
      },
    });
    // The bare status resolves (as Sentry's does) with nothing to compare with: any event reopens.
    expect((await resolve(id, { status: 'resolvedInNextRelease' })).status).toBe(200);
    await event(p, 'bare', null);
    expect((await detail(id)).substatus).toBe('regressed');
  });

  it('"in release X" keeps older releases resolved and reopens on X and newer', async () => {
    const p = await project('in-release');
    for (const version of ['pay@1.0.0', 'pay@2.0.0']) await createRelease(p, version);
    const id = await event(p, 'named', 'pay@1.0.0');
    const res = await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'pay@2.0.0' } });
    expect(res.body).toMatchObject({ statusDetails: { inRelease: 'pay@2.0.0' } });
    await event(p, 'named', 'pay@1.0.0');
    expect((await detail(id)).status).toBe('resolved');
    await event(p, 'named', 'pay@2.0.0');
    expect((await detail(id)).status).toBe('unresolved');

    await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'pay@2.0.0' } });
    await event(p, 'named', 'pay@2.1.0');
    expect((await detail(id)).activity[0]).toMatchObject({
      type: 'set_regression',
      data: { version: 'pay@2.1.0' },
    });
  });

  it('refuses a release the project does not have, naming the field', async () => {
    const p = await project('unknown-release');
    const id = await event(p, 'unknown', 'tool@1.0.0');
    const res = await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'tool@9.9.9' } });
    expect(res).toMatchObject({
      status: 400,
      body: { statusDetails: { inRelease: ['Unable to find a release with the given version.'] } },
    });
    expect((await detail(id)).status).toBe('unresolved');
  });

  it('resolves in the newest release of the project when asked for "latest"', async () => {
    const p = await project('latest');
    await createRelease(p, 'web@5.0.0');
    await createRelease(p, 'web@4.9.0');
    const id = await event(p, 'latest', 'web@4.9.0');
    const res = await resolve(id, { status: 'resolved', statusDetails: { inRelease: 'latest' } });
    expect(res.body).toMatchObject({ statusDetails: { inRelease: 'web@5.0.0' } });
  });
});
