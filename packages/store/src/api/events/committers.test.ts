/**
 * `GET /projects/{org}/{project}/events/{event_id}/committers/` over real envelopes and commits
 * set as `sentry-cli releases set-commits` sends them: the commits of the issue's first release
 * (and earlier ones) that touched the files of its frames, grouped by author, best first; Sentry's
 * 404s when there is no event, release or commit. Not in Sentry's spec: its commits are checked
 * against the spec's release-commit schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId } from '../../testing/envelopes';
import { apiCall, orgPath, secondProject, seedIssue } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
});
afterAll(() => server.close());

type Project = Awaited<ReturnType<typeof secondProject>> & { slug: string };
const project = async (slug: string): Promise<Project> => ({ ...(await secondProject(server, slug)), slug });

interface Committers {
  committers: Array<{
    author: { name: string; email: string } | null;
    commits: Array<{
      id: string;
      score: number;
      suspectCommitType: string;
      matchedFile: { filename: string };
    }>;
  }>;
}

const commit = (id: string, email: string, files: string[], timestamp = '2026-11-01T00:00:00Z') => ({
  id: id.padEnd(40, '0'),
  repository: 'acme/shop',
  message: `Change ${files.join(', ')}\n\nLonger body`,
  author_name: email.split('@')[0],
  author_email: email,
  timestamp,
  patch_set: files.map((path) => ({ path, type: 'M' })),
});

async function release(p: Project, version: string, commits: unknown[]) {
  expect(
    (await apiCall(server, 'POST', orgPath(server, 'releases/'), { version, projects: [p.slug] })).status,
  ).toBe(201);
  if (commits.length > 0)
    expect((await apiCall(server, 'PUT', orgPath(server, `releases/${version}/`), { commits })).status).toBe(
      200,
    );
}

/** One event (frames `/app/src/server.js` then `/app/src/orders.js`, the crash) and its id. */
async function eventOf(p: Project, name: string, releaseVersion: string | null) {
  const eventId = newEventId();
  await seedIssue(server, name, { project: p, release: releaseVersion, eventId });
  return eventId;
}

const committers = (p: Project, eventId: string) =>
  apiCall<Committers & { detail?: string }>(
    server,
    'GET',
    `/api/0/projects/${server.org}/${p.slug}/events/${eventId}/committers/`,
  );

describe('event committers', () => {
  it('suspects commits that touched the frames’ files, the crashing frame’s first', async () => {
    const p = await project('suspects');
    await release(p, 'shop@0.9.0', [
      commit('a1', 'old@example.com', ['src/orders.js'], '2026-10-01T00:00:00Z'),
    ]);
    await release(p, 'shop@1.0.0', [
      commit('b1', 'bob@example.com', ['src/server.js']),
      commit('c1', 'cleo@example.com', ['src/orders.js', 'docs/orders.md']),
      commit('d1', 'dan@example.com', ['lib/orders.js', 'README.md']),
    ]);
    const eventId = await eventOf(p, 'suspects', 'shop@1.0.0');

    const res = await committers(p, eventId);
    expect(res.status).toBe(200);
    const ranked = res.body.committers.map((c) => [c.author?.email, c.commits.map((x) => x.id.slice(0, 2))]);
    expect(ranked).toEqual([
      ['cleo@example.com', ['c1']],
      ['old@example.com', ['a1']],
      ['bob@example.com', ['b1']],
    ]);
    expect(res.body.committers[0]!.commits[0]).toMatchObject({
      score: 2,
      suspectCommitType: 'via commit in release',
      matchedFile: { filename: 'src/orders.js', framePath: '/app/src/orders.js' },
      message: 'Change src/orders.js, docs/orders.md\n\nLonger body',
      repository: { name: 'acme/shop' },
    });
    const validate = responseValidator(
      'GET',
      '/api/0/organizations/{organization_id_or_slug}/releases/{version}/commits/',
    );
    for (const entry of res.body.committers)
      expect(validate(entry.commits), describeErrors(validate.errors)).toBe(true);
  });

  it('leaves out commits of releases after the issue’s first release', async () => {
    const p = await project('later-release');
    await release(p, 'cart@1.0.0', [commit('e1', 'eve@example.com', ['README.md'])]);
    const eventId = await eventOf(p, 'later', 'cart@1.0.0');
    await release(p, 'cart@1.1.0', [commit('f1', 'fay@example.com', ['src/orders.js'])]);
    expect((await committers(p, eventId)).body).toEqual({ committers: [] });
  });

  it('answers Sentry’s 404s: no event, no release, no commits', async () => {
    const p = await project('committers-404');
    expect((await committers(p, newEventId())).body).toEqual({ detail: 'Event not found' });
    const bare = await eventOf(p, 'bare', null);
    expect(await committers(p, bare)).toMatchObject({ status: 404, body: { detail: 'Release not found' } });
    await release(p, 'mail@1.0.0', []);
    const noCommits = await eventOf(p, 'no-commits', 'mail@1.0.0');
    expect(await committers(p, noCommits)).toMatchObject({
      status: 404,
      body: { detail: 'No Commits found for Release' },
    });
  });
});
