/**
 * Release commits as `sentry-cli releases set-commits` records them: `--local` sends `commits`
 * with patch sets, `--commit REPO@SHA` sends `refs`; repositories appear once named; the release
 * answers its commit count, authors and last commit; `previous-with-commits` answers `{}` or the
 * previous release; commit files are kept for suspect commits; bad input names its field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreDatabase } from '../../db/database';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';
import { commitFilesOfRelease } from './commit-queries';

let server: StoreServer;
let org: string;

beforeAll(async () => {
  server = await startStoreServer();
  org = `/api/0/organizations/${server.org}`;
});
afterAll(() => server.close());

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const release = (version: string) => `${org}/releases/${encodeURIComponent(version)}/`;
const create = (version: string) =>
  server.api(`${org}/releases/`, json({ version, projects: [server.projectId] }));
const put = (version: string, body: unknown) => server.api(release(version), json(body, 'PUT'));

const localCommits = [
  {
    id: 'c2'.padEnd(40, '0'),
    repository: 'origin',
    message: 'fix: crash on empty cart',
    author_name: 'Ada',
    author_email: 'ada@example.com',
    timestamp: '2026-01-02T10:00:00Z',
    patch_set: [
      { path: 'src/cart.ts', type: 'M' },
      { path: 'src/empty.ts', type: 'A' },
    ],
  },
  {
    id: 'c1'.padEnd(40, '0'),
    repository: 'origin',
    message: 'feat: cart',
    author_name: 'Bob',
    author_email: 'bob@example.com',
    timestamp: '2026-01-01T10:00:00Z',
    patch_set: [{ path: 'src/old.ts', type: 'D' }],
  },
];

describe('set-commits --local', () => {
  it('records commits, authors and files, and the release answers them', async () => {
    await create('app@1');
    const res = await put('app@1', { commits: localCommits });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      commitCount: 2,
      authors: [
        { name: 'Ada', email: 'ada@example.com' },
        { name: 'Bob', email: 'bob@example.com' },
      ],
      lastCommit: {
        id: localCommits[0]!.id,
        message: 'fix: crash on empty cart',
        repository: { name: 'origin' },
      },
    });

    const list = await server.api(`${release('app@1')}commits/`);
    expect(list.status).toBe(200);
    const commits = (await list.json()) as Array<{
      id: string;
      author: { email: string };
      repository: { name: string };
    }>;
    expect(commits.map((c) => c.id)).toEqual(localCommits.map((c) => c.id));
    expect(commits[1]).toMatchObject({
      author: { email: 'bob@example.com' },
      repository: { name: 'origin' },
    });

    const scoped = await server.api(
      `/api/0/projects/${server.org}/${server.projectId}/releases/app%401/commits/?per_page=1`,
    );
    expect(scoped.status).toBe(200);
    expect(((await scoped.json()) as unknown[]).length).toBe(1);
    expect(scoped.headers.get('link')).toContain('rel="next"; results="true"');
  });

  it('replaces the commits of a release on a second PUT, and leaves them alone without commits/refs', async () => {
    await create('app@replace');
    await put('app@replace', { commits: localCommits });
    await put('app@replace', { commits: [localCommits[1]] });
    await put('app@replace', { ref: 'main' });
    const body = (await (await server.api(release('app@replace'))).json()) as { commitCount: number };
    expect(body.commitCount).toBe(1);
  });

  it('keeps each commit’s files for suspect commits', async () => {
    const opened = await openStoreDatabase(server.dataDir);
    try {
      const row = await opened.db
        .selectFrom('releases')
        .select('id')
        .where('version', '=', 'app@1')
        .executeTakeFirstOrThrow();
      const files = await commitFilesOfRelease(opened.db, row.id);
      expect(files.map((f) => [f.sha.slice(0, 2), f.filename, f.type])).toEqual([
        ['c2', 'src/cart.ts', 'M'],
        ['c2', 'src/empty.ts', 'A'],
        ['c1', 'src/old.ts', 'D'],
      ]);
    } finally {
      await opened.close();
    }
  });
});

describe('repositories and refs', () => {
  it('creates a repository on first use and lists it as sentry-cli expects (string id, provider, status)', async () => {
    await create('app@2');
    const res = await put('app@2', {
      refs: [{ repository: 'acme/web', commit: 'f'.repeat(40), previousCommit: null }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ commitCount: 1, lastCommit: { id: 'f'.repeat(40) } });
    const repos = (await (await server.api(`${org}/repos/`)).json()) as Array<Record<string, unknown>>;
    const web = repos.find((r) => r.name === 'acme/web');
    expect(web).toMatchObject({ status: 'active', provider: { id: 'unknown', name: 'Unknown Provider' } });
    expect(typeof web?.id).toBe('string');
    const filtered = (await (await server.api(`${org}/repos/?query=WEB`)).json()) as unknown[];
    expect(filtered).toHaveLength(1);
    expect(await (await server.api(`${org}/repos/?status=deleted`)).json()).toEqual([]);
  });
});

describe('previous-with-commits', () => {
  it('answers the newest earlier release of the project that has commits', async () => {
    // app@1 and app@2 were created earlier with commits, in the same project; app@2 is newer.
    expect((await create('app@3')).status).toBe(201);
    const previous = await server.api(`${release('app@3')}previous-with-commits/`);
    expect(previous.status).toBe(200);
    expect(await previous.json()).toMatchObject({ version: 'app@2', lastCommit: { id: 'f'.repeat(40) } });
  });

  it('answers {} for the first release of an organization', async () => {
    const fresh = await startStoreServer();
    try {
      await fresh.api(
        `/api/0/organizations/${fresh.org}/releases/`,
        json({ version: 'v1', projects: [fresh.projectId] }),
      );
      const res = await fresh.api(`/api/0/organizations/${fresh.org}/releases/v1/previous-with-commits/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{}');
    } finally {
      await fresh.close();
    }
  });
});

describe('refused commits and refs', () => {
  it.each([
    ['commits', { commits: 'abc' }],
    ['commits', { commits: [{ message: 'no id' }] }],
    ['commits', { commits: [{ id: 'x'.repeat(65) }] }],
    ['commits', { commits: [{ id: 'a1', patch_set: [{ path: 'a.ts', type: 'X' }] }] }],
    ['commits', { commits: [{ id: 'a1', timestamp: 'yesterday' }] }],
    ['refs', { refs: [{ commit: 'a1' }] }],
    ['refs', { refs: [{ repository: 'r', commit: 7 }] }],
  ])('answers 400 naming %s', async (field, body) => {
    await create('bad@1');
    const res = await put('bad@1', body);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()) as object)).toEqual([field]);
  });

  it('answers 404 for the commits of an unknown release', async () => {
    expect((await server.api(`${release('nope@1')}commits/`)).status).toBe(404);
    expect((await server.api(`${release('nope@1')}previous-with-commits/`)).status).toBe(404);
  });
});
