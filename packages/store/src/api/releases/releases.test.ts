/**
 * Releases and deploys as a CI pipeline records them with sentry-cli: create, list, detail,
 * finalize, deploy, delete; Sentry's 208 for an existing version; cursor pages; versions that need
 * URL-encoding; refused versions and bodies; and the scopes Sentry's spec asks for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
let releases: string;

beforeAll(async () => {
  server = await startStoreServer();
  releases = `/api/0/organizations/${server.org}/releases/`;
});
afterAll(() => server.close());

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const releasePath = (version: string) => `${releases}${encodeURIComponent(version)}/`;
type Release = { version: string; dateReleased: string | null; deployCount: number; newGroups: number };

describe('release lifecycle', () => {
  const version = 'web@2.0.0+build.7';

  it('creates, lists, reads, finalizes, deploys and deletes a release', async () => {
    const created = await server.api(
      releases,
      json({ version, projects: [server.projectId], ref: 'abc123' }),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await created.json()) as Release & { projects: Array<{ id: number }>; ref: string };
    expect(body).toMatchObject({ version, ref: 'abc123', dateReleased: null, deployCount: 0 });
    expect(body.projects.map((p) => String(p.id))).toEqual([server.projectId]);

    const list = (await (await server.api(releases)).json()) as Release[];
    expect(list.map((r) => r.version)).toContain(version);

    const detail = await server.api(releasePath(version));
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as Release).version).toBe(version);

    const finalized = await server.api(
      releasePath(version),
      json({ dateReleased: '2026-01-02T03:04:05Z', url: 'https://ci.example/1' }, 'PUT'),
    );
    expect(finalized.status).toBe(200);
    expect(await finalized.json()).toMatchObject({
      dateReleased: '2026-01-02T03:04:05.000Z',
      url: 'https://ci.example/1',
      ref: 'abc123',
    });

    const deploy = await server.api(
      `${releasePath(version)}deploys/`,
      json({ environment: 'production', name: null, url: null, dateStarted: '2026-01-02T03:00:00Z' }),
    );
    expect(deploy.status).toBe(201);
    expect(await deploy.json()).toMatchObject({ environment: 'production', name: null, url: null });
    await server.api(`${releasePath(version)}deploys/`, json({ environment: 'staging', name: 'second' }));

    const deploys = (await (await server.api(`${releasePath(version)}deploys/`)).json()) as Array<{
      environment: string;
    }>;
    expect(deploys.map((d) => d.environment)).toEqual(['staging', 'production']);
    const withDeploys = await (await server.api(releasePath(version))).json();
    expect(withDeploys).toMatchObject({
      deployCount: 2,
      lastDeploy: { environment: 'staging', name: 'second' },
    });

    expect((await server.api(releasePath(version), { method: 'DELETE' })).status).toBe(204);
    expect((await server.api(releasePath(version))).status).toBe(404);
    expect((await server.api(`${releasePath(version)}deploys/`)).status).toBe(404);
  });

  it('answers 208 with the release when the version exists, adding new projects only', async () => {
    const first = await server.api(releases, json({ version: 'dup@1', projects: [server.projectId] }));
    expect(first.status).toBe(201);
    const again = await server.api(
      releases,
      json({ version: 'dup@1', projects: [Number(server.projectId)] }),
    );
    expect(again.status).toBe(208);
    const body = (await again.json()) as { id: number; projects: unknown[] };
    expect(body.id).toBe(((await first.json()) as { id: number }).id);
    expect(body.projects).toHaveLength(1);
  });

  it('counts the issues first seen in a release and refuses to delete it while they exist', async () => {
    const event = testEvent({ release: 'seen@1.0' });
    expect(
      (await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event))).status,
    ).toBe(200);
    await server.api(releases, json({ version: 'seen@1.0', projects: [server.projectId] }));
    const release = (await (await server.api(releasePath('seen@1.0'))).json()) as Release & {
      projects: Array<{ newGroups: number }>;
    };
    expect(release.newGroups).toBe(1);
    expect(release.projects[0]?.newGroups).toBe(1);
    const refused = await server.api(releasePath('seen@1.0'), { method: 'DELETE' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/referenced by active issues/);
  });
});

describe('release lists', () => {
  beforeAll(async () => {
    for (const n of [1, 2, 3, 4, 5]) {
      await server.api(releases, json({ version: `paged@${n}`, projects: [server.projectId] }));
    }
  });

  it('pages newest first with Sentry cursors, filtering by version prefix', async () => {
    const first = await server.api(`${releases}?query=PAGED@&per_page=2`);
    expect(((await first.json()) as Release[]).map((r) => r.version)).toEqual(['paged@5', 'paged@4']);
    const next = /<([^>]+)>; rel="next"; results="true"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeDefined();
    const second = await fetch(next!, { headers: { authorization: `Bearer ${server.token}` } });
    expect(((await second.json()) as Release[]).map((r) => r.version)).toEqual(['paged@3', 'paged@2']);
  });

  it('treats LIKE wildcards in the query as text', async () => {
    const res = await server.api(`${releases}?query=${encodeURIComponent('pag_d')}`);
    expect(await res.json()).toEqual([]);
  });

  it('lists a project’s releases at the project-scoped path', async () => {
    const res = await server.api(`/api/0/projects/${server.org}/${server.projectId}/releases/?query=paged@1`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Release[]).map((r) => r.version)).toEqual(['paged@1']);
  });
});

describe('refused input', () => {
  it.each([
    ['', 'version'],
    ['.', 'version'],
    ['..', 'version'],
    ['a/b', 'version'],
  ])('refuses version %j with 400 naming the field', async (version, field) => {
    const res = await server.api(releases, json({ version, projects: [server.projectId] }));
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()) as object)).toEqual([field]);
  });

  it('requires version and projects, and known projects', async () => {
    expect(await (await server.api(releases, json({ projects: [server.projectId] }))).json()).toEqual({
      version: ['This field is required.'],
    });
    expect(await (await server.api(releases, json({ version: 'x@1' }))).json()).toEqual({
      projects: ['This field is required.'],
    });
    const unknown = await server.api(releases, json({ version: 'x@1', projects: ['nope'] }));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ projects: ['Invalid project ids or slugs'] });
  });

  it('requires an environment for a deploy and 404s unknown releases', async () => {
    await server.api(releases, json({ version: 'env@1', projects: [server.projectId] }));
    const missing = await server.api(`${releasePath('env@1')}deploys/`, json({ name: 'x' }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ environment: ['This field is required.'] });
    const unknown = await server.api(`${releasePath('nope@1')}deploys/`, json({ environment: 'prod' }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toHaveProperty('detail');
    expect((await server.api(releasePath('nope@1'), json({ ref: 'x' }, 'PUT'))).status).toBe(404);
  });

  it('refuses bad dates and huge bodies', async () => {
    const badDate = await server.api(
      releases,
      json({ version: 'd@1', projects: [server.projectId], dateReleased: 'soon' }),
    );
    expect(badDate.status).toBe(400);
    expect(Object.keys((await badDate.json()) as object)).toEqual(['dateReleased']);
    const huge = await server.api(
      releases,
      json({ version: 'h@1', projects: [server.projectId], ref: 'x'.repeat(100_000) }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toHaveProperty('detail');
  });
});

describe('versions in paths', () => {
  it('decodes percent-encoded versions, and a `/` can never name a release', async () => {
    const version = 'my-app@1.2.3+build 4#x?y';
    expect((await server.api(releases, json({ version, projects: [server.projectId] }))).status).toBe(201);
    const res = await server.api(releasePath(version));
    expect(res.status).toBe(200);
    expect(((await res.json()) as Release).version).toBe(version);
    expect((await server.api(`${releases}a%2Fb/`)).status).toBe(404);
  });
});

describe('release scopes', () => {
  const tokenWith = async (...scopes: string[]) =>
    (await server.store.admin.createToken(`t-${scopes.join('-')}`, scopes)).secret;
  const call = (token: string, path: string, init?: RequestInit) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...init?.headers, authorization: `Bearer ${token}` },
    });

  it('lets a CI token with project:releases create and read, and a project:read token only read', async () => {
    const ci = await tokenWith('project:releases');
    expect((await call(ci, releases, json({ version: 'ci@1', projects: [server.projectId] }))).status).toBe(
      201,
    );
    expect((await call(ci, releasePath('ci@1'))).status).toBe(200);
    const reader = await tokenWith('project:read');
    expect((await call(reader, releasePath('ci@1'))).status).toBe(200);
    expect((await call(reader, releasePath('ci@1'), json({ ref: 'x' }, 'PUT'))).status).toBe(403);
    const orgReader = await tokenWith('org:read');
    expect((await call(orgReader, releases)).status).toBe(403);
  });

  it('lets project:write update but not delete; deletion needs project:releases or project:admin', async () => {
    const writer = await tokenWith('project:write');
    expect((await call(writer, releasePath('ci@1'), json({ ref: 'y' }, 'PUT'))).status).toBe(200);
    expect((await call(writer, releasePath('ci@1'), { method: 'DELETE' })).status).toBe(403);
    const admin = await tokenWith('project:admin');
    expect((await call(admin, releasePath('ci@1'), { method: 'DELETE' })).status).toBe(204);
  });
});
