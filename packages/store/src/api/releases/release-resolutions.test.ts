/**
 * Resolutions that wait for a release, through the HTTP API with real envelopes: "in a commit"
 * (refused for an unknown repository, resolved in the release whose commits include it), "in the
 * next release" settling on the next release created; the issues a release resolved
 * (`releases/{version}/resolved/`) and an issue's first and last release. Those two endpoints are
 * not in Sentry's spec: their issues and releases are checked against the spec's issue-list and
 * release schemas.
 */
import type { Change } from '@dexter/change-feed';
import { IssueBulkUpdateResultSchema, IssueSchema } from '@dexter/sentry-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { apiCall, orgPath, secondProject, seedIssue } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
const SHA = 'c0ffee'.padEnd(40, '1');
let server: StoreServer;

const heard: Change[] = [];

beforeAll(async () => {
  server = await startStoreServer();
  server.store.changes.subscribe((change) => void heard.push(change));
});
afterAll(() => server.close());

type Project = Awaited<ReturnType<typeof secondProject>> & { slug: string };
const project = async (slug: string): Promise<Project> => ({ ...(await secondProject(server, slug)), slug });

const post = (rest: string, body: unknown) => apiCall(server, 'POST', orgPath(server, rest), body);
const put = (rest: string, body: unknown) =>
  apiCall<Record<string, unknown>>(server, 'PUT', orgPath(server, rest), body);
const get = <T = Record<string, unknown>>(rest: string) => apiCall<T>(server, 'GET', orgPath(server, rest));

interface Detail {
  status: string;
  statusDetails: Record<string, unknown>;
  activity: Array<{ type: string; data: Record<string, unknown> }>;
  firstRelease: Record<string, unknown> | null;
  lastRelease: Record<string, unknown> | null;
}

/** Valid for the spec's operation and, when given, read by Dexter's own wire schema. */
function expectSpec(body: unknown, method: string, specPath: string, wire?: z.ZodType) {
  const validate = responseValidator(method, specPath);
  expect(validate(body), describeErrors(validate.errors)).toBe(true);
  if (wire) expect(wire.safeParse(body).error).toBeUndefined();
}

async function release(p: Project, version: string, commits?: unknown[]) {
  expect((await post('releases/', { version, projects: [p.slug] })).status).toBe(201);
  if (commits) expect((await put(`releases/${version}/`, { commits })).status).toBe(200);
}

describe('resolve in a commit', () => {
  it('refuses a repository the organization does not have, naming the field', async () => {
    const p = await project('commit-unknown-repo');
    const id = await seedIssue(server, 'no-repo', { project: p, release: null });
    const res = await put(`issues/${id}/`, {
      status: 'resolved',
      statusDetails: { inCommit: { commit: SHA, repository: 'acme/nowhere' } },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { statusDetails: { inCommit: { repository: ['Unable to find the given repository.'] } } },
    });
  });

  it('shows the commit, then resolves in the release that ships it', async () => {
    const p = await project('commit-later');
    await release(p, 'shop@1.0.0', [{ id: 'a'.repeat(40), repository: 'acme/shop', message: 'first' }]);
    const id = await seedIssue(server, 'fixed-by-commit', { project: p, release: 'shop@1.0.0' });

    const res = await put(`issues/${id}/`, {
      status: 'resolved',
      statusDetails: { inCommit: { commit: SHA, repository: 'acme/shop' } },
    });
    expect(res.status).toBe(200);
    const pending = (await get<Detail>(`issues/${id}/`)).body;
    expectSpec(pending, 'GET', `${ORG}/issues/{issue_id}/`, IssueSchema);
    expect(pending).toMatchObject({
      status: 'resolved',
      statusDetails: { inCommit: SHA },
    });
    expect(pending.activity[0]).toMatchObject({
      type: 'set_resolved_in_commit',
      data: { commit: { id: SHA } },
    });

    await release(p, 'shop@1.1.0', [
      {
        id: SHA,
        repository: 'acme/shop',
        message: 'Fix the checkout total',
        author_email: 'ada@example.com',
      },
    ]);
    const settled = (await get<Detail>(`issues/${id}/`)).body;
    expect(settled).toMatchObject({ status: 'resolved', statusDetails: { inRelease: 'shop@1.1.0' } });
    expect(settled.activity[0]).toMatchObject({
      type: 'set_resolved_in_release',
      data: { version: 'shop@1.1.0' },
    });
    // Told on the change feed as a webhook would tell it, so caches and live pages follow.
    await server.store.drain();
    expect(heard.filter((c) => c.type === 'issue.updated' && c.issueId === id)).toEqual([
      expect.objectContaining({ status: 'resolved', origin: 'upstream', project: p.slug }),
    ]);

    const resolved = await get<Array<{ id: string }>>('releases/shop@1.1.0/resolved/');
    expect(resolved.body.map((issue) => issue.id)).toEqual([id]);
    expectSpec(resolved.body, 'GET', `${ORG}/issues/`);
    expect((await get<unknown[]>('releases/shop@1.0.0/resolved/')).body).toEqual([]);

    // From now on it is a release resolution: older releases keep it resolved, the fix's release does not.
    await seedIssue(server, 'fixed-by-commit', { project: p, release: 'shop@1.0.0' });
    expect((await get<Detail>(`issues/${id}/`)).body.status).toBe('resolved');
    await seedIssue(server, 'fixed-by-commit', { project: p, release: 'shop@1.1.0' });
    expect((await get<Detail>(`issues/${id}/`)).body.status).toBe('unresolved');
  });

  it('resolves in a release created with the commit in its body', async () => {
    const p = await project('commit-on-create');
    await release(p, 'pay@1.0.0', [{ id: 'b'.repeat(40), repository: 'acme/pay' }]);
    const id = await seedIssue(server, 'created-with', { project: p, release: 'pay@1.0.0' });
    await put(`issues/${id}/`, {
      status: 'resolved',
      statusDetails: { inCommit: { commit: SHA, repository: 'acme/pay' } },
    });
    const created = await post('releases/', {
      version: 'pay@1.1.0',
      projects: [p.slug],
      commits: [{ id: SHA, repository: 'acme/pay', message: 'Fix it' }],
    });
    expect(created).toMatchObject({ status: 201, body: { commitCount: 1 } });
    expect((await get<Detail>(`issues/${id}/`)).body.statusDetails).toMatchObject({ inRelease: 'pay@1.1.0' });
  });

  it('resolves at once in the newest release that already contains the commit', async () => {
    const p = await project('commit-shipped');
    await release(p, 'cart@2.0.0', [{ id: SHA, repository: 'acme/cart' }]);
    const id = await seedIssue(server, 'shipped', { project: p, release: 'cart@2.0.0' });
    // The bulk update echoes what was asked (Sentry's `update_groups`); the issue shows the release.
    const res = await put(`issues/?id=${id}`, {
      status: 'resolved',
      statusDetails: { inCommit: { commit: SHA, repository: 'acme/cart' } },
    });
    expect(res.body).toMatchObject({ statusDetails: { inCommit: { commit: SHA, repository: 'acme/cart' } } });
    expectSpec(res.body, 'PUT', `${ORG}/issues/`, IssueBulkUpdateResultSchema);
    const detail = (await get<Detail>(`issues/${id}/`)).body;
    expect(detail).toMatchObject({
      statusDetails: { inRelease: 'cart@2.0.0' },
      firstRelease: { version: 'cart@2.0.0' },
    });
    expectSpec(detail, 'GET', `${ORG}/issues/{issue_id}/`, IssueSchema);
  });
});

describe('resolve in the next release', () => {
  it('settles on the next release created: shown in it, listed as resolved by it', async () => {
    const p = await project('next-settles');
    await release(p, 'api@1.0.0');
    const id = await seedIssue(server, 'next', { project: p, release: 'api@1.0.0' });
    await put(`issues/${id}/`, { status: 'resolvedInNextRelease' });
    // Until a later release exists, Sentry's resolution points at the newest one at the time.
    expect((await get<Array<{ id: string }>>('releases/api@1.0.0/resolved/')).body.map((i) => i.id)).toEqual([
      id,
    ]);

    await release(p, 'api@1.1.0');
    await server.store.drain();
    expect(heard.some((c) => c.type === 'issue.updated' && c.issueId === id)).toBe(true);
    const detail = (await get<Detail>(`issues/${id}/`)).body;
    expect(detail.statusDetails).toMatchObject({ inRelease: 'api@1.1.0' });
    expect(detail.activity[0]).toMatchObject({
      type: 'set_resolved_in_release',
      data: { version: 'api@1.1.0' },
    });
    expect((await get<Array<{ id: string }>>('releases/api@1.1.0/resolved/')).body.map((i) => i.id)).toEqual([
      id,
    ]);
    expect((await get<unknown[]>('releases/api@1.0.0/resolved/')).body).toEqual([]);
  });

  it('answers 404 for the resolved issues of an unknown release', async () => {
    expect((await get('releases/nope@0.0.1/resolved/')).status).toBe(404);
  });
});

describe('first and last release of an issue', () => {
  it('serializes a recorded release in full and an unrecorded one as its version', async () => {
    const p = await project('first-last');
    await release(p, 'mail@1.0.0');
    const id = await seedIssue(server, 'first-last', { project: p, release: 'mail@1.0.0' });
    await seedIssue(server, 'first-last', { project: p, release: 'mail@1.0.1' });

    const res = await get(`issues/${id}/first-last-release/`);
    expect(res.body).toMatchObject({
      id,
      firstRelease: { version: 'mail@1.0.0', dateCreated: expect.any(String) },
      lastRelease: { version: 'mail@1.0.1' },
    });
    expect(Object.keys(res.body.lastRelease as object)).toEqual(['version']);
    expectSpec(res.body.firstRelease, 'GET', `${ORG}/releases/{version}/`);

    const detail = (await get<Detail>(`issues/${id}/`)).body;
    expect(detail.firstRelease).toEqual(res.body.firstRelease);
    expect(detail.lastRelease).toEqual({ version: 'mail@1.0.1' });
  });

  it('is null for an issue whose events name no release', async () => {
    const p = await project('no-release');
    const id = await seedIssue(server, 'none', { project: p, release: null });
    expect((await get(`issues/${id}/first-last-release/`)).body).toEqual({
      id,
      firstRelease: null,
      lastRelease: null,
    });
  });
});
