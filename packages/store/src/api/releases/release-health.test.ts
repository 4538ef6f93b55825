/**
 * Release health on the releases list and detail (`health=1`, `adoptionStages=1`, `sort=`): the
 * numbers Sentry's `healthData` holds, computed from session envelopes with known counts, in
 * percent; answers valid against Sentry's spec; and a 400 naming a bad parameter.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, postEnvelope } from '../../testing/envelopes';
import { apiCall, orgPath } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 15, 12, 30);
const ORG_SPEC = '/api/0/organizations/{organization_id_or_slug}';

interface Health {
  crashFreeSessions: number | null;
  crashFreeUsers: number | null;
  totalSessions: number;
  totalUsers: number;
  totalSessions24h: number | null;
  totalUsers24h: number | null;
  totalProjectSessions24h: number | null;
  totalProjectUsers24h: number | null;
  adoption: number | null;
  sessionsAdoption: number | null;
  sessionsCrashed: number;
  sessionsErrored: number;
  hasHealthData: boolean;
  durationP50: null;
  durationP90: null;
  stats: Record<string, Array<[number, number]>>;
}
interface Release {
  version: string;
  newGroups: number;
  adoptionStages?: Record<string, { stage: string; adopted: null; unadopted: null }>;
  projects: Array<{ slug: string; hasHealthData: boolean; healthData?: Health | null }>;
}

let server: StoreServer;

function envelope(items: Array<[string, unknown]>): string {
  const lines = [JSON.stringify({ event_id: newEventId(), sent_at: new Date(NOW).toISOString() })];
  for (const [type, payload] of items) lines.push(JSON.stringify({ type }), JSON.stringify(payload));
  return lines.join('\n');
}

async function send(items: Array<[string, unknown]>) {
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, envelope(items));
  expect(res.status).toBe(200);
}

/** One session that starts (init) at `at` and ends with `status`. */
async function session(release: string, at: number, did: string, status = 'exited', errors = 0) {
  const sid = randomUUID();
  const base = {
    sid,
    did,
    started: new Date(at).toISOString(),
    duration: 1,
    attrs: { release, environment: 'prod' },
  };
  await send([['session', { ...base, init: true, status: 'ok', errors: 0 }]]);
  await send([['session', { ...base, init: false, status, errors }]]);
}

beforeAll(async () => {
  server = await startStoreServer({ now: () => NOW });
  for (const version of ['a@1', 'a@2', 'a@3']) {
    const res = await apiCall(server, 'POST', orgPath(server, 'releases/'), {
      version,
      projects: [server.projectId],
    });
    expect(res.status).toBe(201);
  }
  // a@1: ten healthy sessions three days ago (ten users), one in the last hour (user u5).
  for (let i = 0; i < 10; i++) await session('a@1', NOW - 72 * HOUR, `old${i}`);
  await session('a@1', NOW - HOUR, 'u5');
  // a@2 in the last hour: 4 single sessions of u1..u4 (u1 crashes, u2 errors), and aggregates of 6.
  await session('a@2', NOW - HOUR, 'u1', 'crashed', 1);
  await session('a@2', NOW - HOUR, 'u2', 'exited', 1);
  await session('a@2', NOW - HOUR, 'u3');
  await session('a@2', NOW - HOUR, 'u4');
  await send([
    [
      'sessions',
      {
        aggregates: [{ started: new Date(NOW - HOUR).toISOString(), exited: 4, errored: 1, crashed: 1 }],
        attrs: { release: 'a@2', environment: 'prod' },
      },
    ],
  ]);
});
afterAll(() => server.close());

async function list(params: string) {
  const res = await apiCall<Release[]>(server, 'GET', orgPath(server, `releases/?${params}`));
  expect(res.status, params).toBe(200);
  return res.body;
}
const healthOf = (release: Release | undefined) => release?.projects[0]?.healthData;

describe('release health on releases', () => {
  it('fills healthData as Sentry computes it, rates and adoption in percent', async () => {
    const releases = await list('health=1');
    const a2 = healthOf(releases.find((r) => r.version === 'a@2'));
    expect(a2).toMatchObject({
      totalSessions: 10,
      sessionsCrashed: 2,
      crashFreeSessions: 80,
      // Aggregates carry no users: the four single sessions, one of them crashed.
      totalUsers: 4,
      crashFreeUsers: 75,
      // Errored excludes crashed: u2's session and the aggregate's one errored.
      sessionsErrored: 2,
      totalSessions24h: 10,
      totalProjectSessions24h: 11,
      totalUsers24h: 4,
      totalProjectUsers24h: 5,
      adoption: 80,
      hasHealthData: true,
      durationP50: null,
      durationP90: null,
    });
    expect(a2?.sessionsAdoption).toBeCloseTo((10 / 11) * 100, 10);
    const a1 = healthOf(releases.find((r) => r.version === 'a@1'));
    expect(a1).toMatchObject({ totalSessions: 11, crashFreeSessions: 100, totalUsers: 11, adoption: 20 });
    const a3 = healthOf(releases.find((r) => r.version === 'a@3'));
    expect(a3).toMatchObject({
      totalSessions: 0,
      crashFreeSessions: null,
      adoption: 0,
      hasHealthData: false,
    });
  });

  it('gives the healthStatsPeriod series, hourly for 24h and daily for 7d', async () => {
    const [hourly] = (await list('health=1&query=a@2')).map(healthOf);
    const points = hourly?.stats['24h'];
    expect(points).toHaveLength(24);
    expect(points?.at(-1)).toEqual([Date.UTC(2026, 0, 15, 12) / 1000, 0]);
    expect(points?.at(-2)).toEqual([Date.UTC(2026, 0, 15, 11) / 1000, 10]);
    const [daily] = (await list('health=1&query=a@1&healthStatsPeriod=7d&healthStat=users')).map(healthOf);
    const days = daily?.stats['7d'];
    expect(days?.map(([t]) => t)).toEqual(
      [9, 10, 11, 12, 13, 14, 15].map((d) => Date.UTC(2026, 0, d) / 1000),
    );
    expect(days?.map(([, n]) => n)).toEqual([0, 0, 0, 10, 0, 0, 1]);
  });

  it('answers hasHealthData without health=1, and no healthData', async () => {
    const releases = await list('');
    const a2 = releases.find((r) => r.version === 'a@2');
    expect(a2?.projects[0]?.hasHealthData).toBe(true);
    expect(a2?.projects[0]?.healthData).toBeUndefined();
    expect(releases.find((r) => r.version === 'a@3')?.projects[0]?.hasHealthData).toBe(false);
  });

  it('reads adoption stages from the last 24 hours and the summary period', async () => {
    const releases = await list('adoptionStages=1');
    const stageOf = (version: string) =>
      Object.values(releases.find((r) => r.version === version)?.adoptionStages ?? {})[0]?.stage;
    expect(stageOf('a@2')).toBe('adopted');
    expect(stageOf('a@1')).toBe('replaced');
    expect(stageOf('a@3')).toBe('low_adoption');
  });

  it('sorts by sessions, crash-free sessions and 24-hour sessions, releases without sessions last', async () => {
    const order = async (sort: string) => (await list(`sort=${sort}`)).map((r) => r.version);
    expect(await order('date')).toEqual(['a@3', 'a@2', 'a@1']);
    expect(await order('sessions')).toEqual(['a@1', 'a@2', 'a@3']);
    expect(await order('crash_free_sessions')).toEqual(['a@1', 'a@2', 'a@3']);
    expect(await order('sessions_24h')).toEqual(['a@2', 'a@1', 'a@3']);
    const paged = await apiCall<Release[]>(
      server,
      'GET',
      orgPath(server, 'releases/?sort=sessions_24h&per_page=1'),
    );
    expect(paged.body.map((r) => r.version)).toEqual(['a@2']);
    expect(paged.headers.get('link')).toContain('results="true"');
  });

  it('health on the detail, valid against the spec with the list', async () => {
    const detail = await apiCall<Release>(
      server,
      'GET',
      orgPath(server, 'releases/a@2/?health=1&adoptionStages=1'),
    );
    expect(healthOf(detail.body)?.crashFreeSessions).toBe(80);
    const validateDetail = responseValidator('GET', `${ORG_SPEC}/releases/{version}/`);
    expect(validateDetail(detail.body), describeErrors(validateDetail.errors)).toBe(true);
    const body = await list('health=1&adoptionStages=1&summaryStatsPeriod=24h&healthStatsPeriod=14d');
    const validateList = responseValidator('GET', `${ORG_SPEC}/releases/`);
    expect(validateList(body), describeErrors(validateList.errors)).toBe(true);
  });

  it('refuses unknown periods, stats and sorts with a 400 naming the parameter', async () => {
    for (const [params, name] of [
      ['health=1&healthStatsPeriod=5d', 'healthStatsPeriod'],
      ['health=1&summaryStatsPeriod=1y', 'summaryStatsPeriod'],
      ['health=1&healthStat=crashes', 'healthStat'],
      ['sort=semver', 'sort'],
    ] as const) {
      const res = await apiCall<{ detail: string }>(server, 'GET', orgPath(server, `releases/?${params}`));
      expect(res.status, params).toBe(400);
      expect(res.body.detail).toContain(name);
    }
  });
});
