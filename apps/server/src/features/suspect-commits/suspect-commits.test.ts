/**
 * Suspect commits through `/api/v1` in standalone mode: a release with commits recorded as
 * `sentry-cli releases set-commits` sends them, an event of that release sent as an SDK sends it,
 * then the issue's suspects read through the same gateway code that reads sentry.io. Also the
 * mapping of a sentry.io answer, which names no matched file.
 */
import type { ErrorEnvelope, SuspectCommits } from '@dexter/contracts';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { framePositions, toSuspectCommits } from './suspect-commits-service';

let dexter: TestDexter;
let viewer: TestClient;
let storeDb: ReturnType<typeof storeDatabaseIn>;

const suspects = (issueId: string) =>
  viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/issues/${issueId}/suspect-commits`);

async function send(name: string, release: string | null): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const event = testEvent({ fingerprint: [name], value: name, release });
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
  expect(res.status).toBe(200);
  const row = await storeDb
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  storeDb = storeDatabaseIn(dexter.dataDir);
  const { org, token, projects } = dexter.bootstrap!;
  expect(
    (await dexter.storePost('releases/', { version: 'shop@1.0.0', projects: [projects[0]!.id] })).status,
  ).toBe(201);
  const commits = [
    {
      id: 'f00dfeed'.padEnd(40, '7'),
      repository: 'acme/shop',
      message: 'Fix order totals\n\nRounding happened twice.',
      author_name: 'Ada Lovelace',
      author_email: 'ada@example.com',
      timestamp: '2026-11-30T10:00:00Z',
      patch_set: [{ path: 'src/orders.js', type: 'M' }],
    },
    {
      id: 'beef'.padEnd(40, '1'),
      repository: 'acme/shop',
      message: 'Docs',
      patch_set: [{ path: 'README.md', type: 'M' }],
    },
  ];
  const res = await fetch(`${dexter.url}/api/0/organizations/${org}/releases/shop@1.0.0/`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ commits }),
  });
  expect(res.status).toBe(200);
});
afterAll(() => dexter.close());

describe('suspect commits', () => {
  it('names the commits that touched the files of the issue’s frames', async () => {
    const issueId = await send('orders-broke', 'shop@1.0.0');
    const res = await suspects(issueId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SuspectCommits;
    expect(body.eventId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.items).toEqual([
      {
        sha: 'f00dfeed'.padEnd(40, '7'),
        title: 'Fix order totals',
        author: { name: 'Ada Lovelace', email: 'ada@example.com' },
        dateCreated: '2026-11-30T10:00:00.000Z',
        repository: 'acme/shop',
        matchedFile: { filename: 'src/orders.js', framePath: '/app/src/orders.js' },
        score: 2,
      },
    ]);
  });

  it('is empty for an issue without a release', async () => {
    const issueId = await send('no-release', null);
    expect(((await (await suspects(issueId)).json()) as SuspectCommits).items).toEqual([]);
  });

  it('answers 404 for an unknown issue', async () => {
    const res = await suspects('987654321');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorEnvelope).error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });
});

describe('toSuspectCommits', () => {
  it('reads a sentry.io answer: a member as author, no matched file, at most five commits', () => {
    const commit = (id: string) => ({ id, message: `${id} subject\nbody`, dateCreated: null, score: 3 });
    const items = toSuspectCommits({
      committers: [
        { author: { username: 'ada', email: 'ada@example.com' }, commits: ['a', 'b', 'c'].map(commit) },
        { author: null, commits: ['d', 'e', 'f'].map(commit) },
      ],
    });
    expect(items.map((item) => item.sha)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(items[0]).toEqual({
      sha: 'a',
      title: 'a subject',
      author: { name: 'ada', email: 'ada@example.com' },
      dateCreated: null,
      repository: null,
      matchedFile: null,
      score: 3,
    });
    expect(items[3]!.author).toBeNull();
  });
});

describe('ordering', () => {
  const event = {
    id: 'e1',
    entries: [
      {
        type: 'exception',
        data: {
          values: [
            { stacktrace: { frames: [{ filename: 'cause.js', inApp: true }] } },
            {
              stacktrace: {
                frames: [
                  { filename: 'server.js', inApp: true },
                  { filename: 'node_modules/x.js', inApp: false },
                  { filename: 'orders.js', inApp: true },
                ],
              },
            },
          ],
        },
      },
    ],
  };

  it('numbers in-app frames from the crash: the thrown exception’s, then its cause’s', () => {
    expect([...framePositions(event)]).toEqual([
      ['orders.js', 0],
      ['server.js', 1],
      ['cause.js', 2],
    ]);
  });

  it('lists commits by the frame they matched, then match length, then the newer, across authors', () => {
    const commit = (id: string, framePath: string, score: number, dateCreated: string) => ({
      id,
      score,
      dateCreated,
      matchedFile: { filename: framePath, framePath },
    });
    const items = toSuspectCommits(
      {
        committers: [
          {
            author: { name: 'Ada' },
            commits: [
              commit('deep', 'server.js', 4, '2026-01-03T00:00:00Z'),
              commit('old', 'orders.js', 2, '2026-01-01T00:00:00Z'),
            ],
          },
          { author: { name: 'Linus' }, commits: [commit('new', 'orders.js', 2, '2026-01-02T00:00:00Z')] },
        ],
      },
      framePositions(event),
    );
    expect(items.map((item) => item.sha)).toEqual(['new', 'old', 'deep']);
  });
});
