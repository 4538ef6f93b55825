/**
 * The release timeline, one issue's timeline and a release's insights through Dexter in companion
 * mode: Dexter reads a built-in store over HTTP exactly as it would read Sentry, through a fault
 * proxy, so the same code is proven against the store and shown to fail cleanly (502, or one
 * section marked unavailable) when the upstream answers garbage or lacks an endpoint.
 */
import type {
  ErrorEnvelope,
  IssueList,
  IssueTimeline,
  ReleaseInsights,
  ReleaseTimeline,
} from '@dexter/contracts';
import { apiCall, envelopeOf, orgPath, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultedSetup, startFaultedDexter } from '../../testing/faulted-dexter';

const HOUR = 3_600_000;
let setup: FaultedSetup;
let org: string;
const ago = (hours: number) => Date.now() - hours * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

async function send(release: string, fingerprint: string, at: number, environment = 'production') {
  const { store } = setup;
  const event = {
    ...testEvent({ release, fingerprint: [fingerprint], value: fingerprint, at }),
    environment,
  };
  const res = await postEnvelope(store.url, store.projectId, store.publicKey, envelopeOf(event));
  expect(res.status).toBe(200);
}

async function api0(method: string, path: string, body: unknown) {
  const res = await apiCall(setup.store, method, orgPath(setup.store, path), body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

const get = async <T>(path: string) => {
  const res = await setup.dexter.request(`/api/v1/organizations/${org}${path}`);
  return { status: res.status, body: (await res.json()) as T };
};

beforeAll(async () => {
  // No scheduled deploy check: its first run would cache the release list before the seeding.
  setup = await startFaultedDexter({ DEXTER_DEPLOY_CHECK_MS: '0' });
  org = setup.store.org;
  const project = setup.store.projectId;
  await api0('POST', 'releases/', { version: 'api@1.0', projects: [project] });
  await api0('POST', 'releases/', { version: 'api@1.1', projects: [project] });
  await api0('PUT', 'releases/api%401.1/', {
    commits: [
      {
        id: 'b'.repeat(40),
        repository: 'origin',
        message: 'fix: cart',
        author_name: 'Ada',
        author_email: 'ada@example.com',
      },
      {
        id: 'a'.repeat(40),
        repository: 'origin',
        message: 'feat: cart',
        author_name: 'Bob',
        author_email: 'bob@example.com',
      },
    ],
  });
  await api0('POST', 'releases/api%401.0/deploys/', {
    environment: 'production',
    dateFinished: iso(ago(30)),
  });
  await api0('POST', 'releases/api%401.1/deploys/', { environment: 'staging', dateFinished: iso(ago(4)) });
  await api0('POST', 'releases/api%401.1/deploys/', {
    environment: 'production',
    name: 'prod #12',
    url: 'https://ci.example.com/12',
    dateFinished: iso(ago(3)),
  });
  for (let i = 0; i < 5; i++) await send('api@1.0', 'old-bug', ago(20));
  for (let i = 0; i < 2; i++) await send('api@1.1', 'old-bug', ago(2));
  for (let i = 0; i < 3; i++) await send('api@1.1', 'new-bug', ago(2));
  await send('api@1.1', 'new-bug', ago(2), 'staging');
}, 120_000);

afterAll(() => setup.close());

const total = (timeline: { series: Array<{ name: string; counts: number[] }> }, name: string) =>
  timeline.series.find((s) => s.name === name)?.counts.reduce((a, b) => a + b, 0);

describe('release timeline', () => {
  it('counts events per release per bucket and lists the deploys in the range, oldest first', async () => {
    const { status, body } = await get<ReleaseTimeline>('/releases-timeline?statsPeriod=7d');
    expect(status).toBe(200);
    expect(body.groupBy).toBe('release');
    expect(body.interval).toBe(3_600);
    expect(body.buckets).toHaveLength(7 * 24 + 1);
    expect(total(body, 'api@1.0')).toBe(5);
    expect(total(body, 'api@1.1')).toBe(6);
    expect(body.series.every((s) => s.counts.length === body.buckets.length)).toBe(true);
    expect(body.deploys.map((d) => [d.release, d.environment])).toEqual([
      ['api@1.0', 'production'],
      ['api@1.1', 'staging'],
      ['api@1.1', 'production'],
    ]);
    expect(body.deploys[2]).toMatchObject({ name: 'prod #12', url: 'https://ci.example.com/12' });
    expect(body.deploysTruncated).toBe(false);
  });

  it('splits by environment, and filters events and deploys to one', async () => {
    const byEnv = (await get<ReleaseTimeline>('/releases-timeline?statsPeriod=7d&groupBy=environment')).body;
    expect(total(byEnv, 'production')).toBe(10);
    expect(total(byEnv, 'staging')).toBe(1);
    const staging = (await get<ReleaseTimeline>('/releases-timeline?statsPeriod=24h&environment=staging'))
      .body;
    expect(staging.series.map((s) => [s.name, total(staging, s.name)])).toEqual([['api@1.1', 1]]);
    expect(staging.deploys.map((d) => d.environment)).toEqual(['staging']);
  });

  it('draws one issue’s events by release', async () => {
    const issues = (await get<IssueList>('/issues?query=new-bug')).body;
    const id = issues.issues[0]!.id;
    const { status, body } = await get<IssueTimeline>(`/issues/${id}/timeline?statsPeriod=24h`);
    expect(status).toBe(200);
    expect(body.series.map((s) => s.name)).toEqual(['api@1.1']);
    expect(total(body, 'api@1.1')).toBe(4);
  });

  it('refuses a range it cannot draw with a 400 that names the field', async () => {
    const bad = await get<ErrorEnvelope>('/releases-timeline?statsPeriod=2y');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('statsPeriod');
    const backwards = await get<ErrorEnvelope>(
      `/releases-timeline?start=${iso(ago(1))}&end=${iso(ago(2))}`.replace(/:/g, '%3A'),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/start/);
  });

  it('answers garbage from the upstream with a 502 that says so', async () => {
    setup.proxy.setFault(({ path }) =>
      path.includes('events-timeseries') ? { kind: 'garbage' } : { kind: 'pass' },
    );
    try {
      const { status, body } = await get<ErrorEnvelope>('/releases-timeline?statsPeriod=30d');
      expect(status).toBe(502);
      expect(body.error.code).toMatch(/^DEXTER_ERR_UPSTREAM/);
    } finally {
      setup.proxy.setFault(() => ({ kind: 'pass' }));
    }
  });
});

describe('release insights', () => {
  it('answers new issues, commits with authors, resolved issues, health and the previous release', async () => {
    const { status, body } = await get<ReleaseInsights>('/releases/api%401.1/insights');
    expect(status).toBe(200);
    if (!body.newIssues.available) throw new Error(body.newIssues.reason);
    expect(body.newIssues.data.issues.map((i) => i.title)).toEqual([expect.stringContaining('new-bug')]);
    if (!body.commits.available) throw new Error(body.commits.reason);
    expect(body.commits.data.map((c) => [c.message, c.author?.name])).toEqual([
      ['fix: cart', 'Ada'],
      ['feat: cart', 'Bob'],
    ]);
    expect(body.regressedIssues.available).toBe(true);
    expect(body.resolvedIssues).toEqual({ available: true, data: { issues: [], total: 0 } });
    if (!body.health.available) throw new Error(body.health.reason);
    expect(body.health.data.totals.sessions).toBe(0);
    if (!body.comparison.available) throw new Error(body.comparison.reason);
    expect(body.comparison.data.current).toMatchObject({ version: 'api@1.1', newIssues: 1 });
    expect(body.comparison.data.previous).toMatchObject({ version: 'api@1.0', newIssues: 1 });
  });

  it('marks a section unavailable when the upstream lacks its endpoint, and keeps the rest', async () => {
    setup.proxy.setFault(({ path }) =>
      path.endsWith('/resolved/')
        ? { kind: 'status', status: 404, body: '{"detail":"Not found"}' }
        : { kind: 'pass' },
    );
    try {
      const { status, body } = await get<ReleaseInsights>('/releases/api%401.0/insights');
      expect(status).toBe(200);
      expect(body.resolvedIssues).toEqual({
        available: false,
        reason: 'Issues resolved in this release is not available from this upstream',
      });
      expect(body.commits).toEqual({ available: true, data: [] });
    } finally {
      setup.proxy.setFault(() => ({ kind: 'pass' }));
    }
  });

  it('answers an unknown release with Dexter’s 404', async () => {
    const { status, body } = await get<ErrorEnvelope>('/releases/nope%409/insights');
    expect(status).toBe(404);
    expect(body.error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });
});
