/**
 * `GET /organizations/{org}/events-timeseries/` over the event rollup: counts per interval from
 * events sent as envelopes, top releases and environments with Other, one issue's timeline, the
 * query keys the rollup answers, and the rollup staying right through issue merge and delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const HOUR = 3_600_000;
/** 12:30 UTC: the 12:00 interval has not ended. */
const NOW = Date.UTC(2026, 0, 15, 12, 30);
const at = (hour: number, minute = 10) => Date.UTC(2026, 0, 15, hour, minute);

interface Value {
  timestamp: number;
  value: number;
  incomplete: boolean;
}
interface Series {
  yAxis: string;
  groupBy?: Array<{ key: string; value: string | null }>;
  meta: { interval: number; order?: number; isOther?: boolean; valueType: string; valueUnit: null };
  values: Value[];
}
interface Answer {
  meta: { dataset: string; start: number; end: number };
  timeSeries: Series[];
}

let server: StoreServer;
let checkout: string;
let login: string;
let cron: string;

beforeAll(async () => {
  server = await startStoreServer({ now: () => NOW });
  // checkout: 3 events of r1 in production (2 at 09:xx, 1 at 11:xx)
  checkout = await seedIssue(server, 'checkout', { events: 2, release: 'app@1', at: at(9) });
  await seedIssue(server, 'checkout', { release: 'app@1', at: at(11) });
  // login: 2 events of r2 in staging at 10:xx
  login = await seedIssue(server, 'login', {
    events: 2,
    release: 'app@2',
    environment: 'staging',
    at: at(10),
  });
  // cron: 1 event with neither release nor environment at 11:xx
  cron = await seedIssue(server, 'cron', { release: null, environment: null, at: at(11, 40) });
});
afterAll(() => server.close());

async function timeseries(params: string) {
  return apiCall<Answer>(server, 'GET', orgPath(server, `events-timeseries/?dataset=errors&${params}`));
}
const valuesOf = (series: Series | undefined) => series?.values.map((v) => v.value);

describe('events-timeseries over the rollup', () => {
  it('counts every event per hour, zero-filled, the unfinished hour marked incomplete', async () => {
    const res = await timeseries('statsPeriod=6h&interval=3600');
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ dataset: 'errors', start: NOW - 6 * HOUR, end: NOW });
    const [series] = res.body.timeSeries;
    expect(res.body.timeSeries).toHaveLength(1);
    expect(series?.yAxis).toBe('count()');
    expect(series?.meta).toEqual({ valueType: 'integer', valueUnit: null, interval: HOUR });
    expect(series?.groupBy).toBeUndefined();
    expect(series?.values.map((v) => v.timestamp)).toEqual([6, 7, 8, 9, 10, 11, 12].map((h) => at(h, 0)));
    expect(valuesOf(series)).toEqual([0, 0, 0, 2, 2, 2, 0]);
    expect(series?.values.map((v) => v.incomplete)).toEqual([false, false, false, false, false, false, true]);
  });

  it('sums hours into longer intervals aligned to UTC', async () => {
    const res = await timeseries('statsPeriod=2d&interval=86400');
    expect(res.body.timeSeries[0]?.meta.interval).toBe(24 * HOUR);
    expect(res.body.timeSeries[0]?.values).toEqual([
      { timestamp: Date.UTC(2026, 0, 13), value: 0, incomplete: false },
      { timestamp: Date.UTC(2026, 0, 14), value: 0, incomplete: false },
      { timestamp: Date.UTC(2026, 0, 15), value: 6, incomplete: true },
    ]);
  });

  it('rounds an interval that is not whole hours up to the next hour', async () => {
    const res = await timeseries('statsPeriod=6h&interval=900');
    expect(res.body.timeSeries[0]?.meta.interval).toBe(HOUR);
  });

  it('top releases by count, the rest as Other, a missing release as null', async () => {
    const res = await timeseries('statsPeriod=6h&interval=3600&topEvents=1&groupBy=release&sort=-count()');
    expect(res.status).toBe(200);
    const [top, other] = res.body.timeSeries;
    expect(res.body.timeSeries).toHaveLength(2);
    expect(top?.groupBy).toEqual([{ key: 'release', value: 'app@1' }]);
    expect(top?.meta).toMatchObject({ order: 0, isOther: false });
    expect(valuesOf(top)).toEqual([0, 0, 0, 2, 0, 1, 0]);
    expect(other?.groupBy).toBeUndefined();
    expect(other?.meta).toMatchObject({ order: 1, isOther: true });
    expect(valuesOf(other)).toEqual([0, 0, 0, 0, 2, 1, 0]);

    const all = await timeseries('statsPeriod=6h&topEvents=5&groupBy=release&sort=-count()');
    expect(all.body.timeSeries.map((s) => s.groupBy?.[0]?.value)).toEqual(['app@1', 'app@2', null]);
    expect(all.body.timeSeries.every((s) => s.meta.isOther === false)).toBe(true);
  });

  it('sorts groups by a groupBy field, and excludeOther leaves Other out', async () => {
    const res = await timeseries('statsPeriod=6h&topEvents=1&groupBy=release&sort=-release&excludeOther=1');
    expect(res.body.timeSeries.map((s) => s.groupBy)).toEqual([[{ key: 'release', value: 'app@2' }]]);
  });

  it('groups by environment, and by release and environment together', async () => {
    const env = await timeseries('statsPeriod=6h&topEvents=5&groupBy=environment&sort=-count()');
    expect(
      env.body.timeSeries.map((s) => [s.groupBy?.[0]?.value, s.values.reduce((n, v) => n + v.value, 0)]),
    ).toEqual([
      ['production', 3],
      ['staging', 2],
      [null, 1],
    ]);
    const both = await timeseries(
      'statsPeriod=6h&topEvents=1&groupBy=release&groupBy=environment&sort=-count()',
    );
    expect(both.body.timeSeries[0]?.groupBy).toEqual([
      { key: 'release', value: 'app@1' },
      { key: 'environment', value: 'production' },
    ]);
  });

  it('one issue’s timeline with issue.id:, and its short id with issue:', async () => {
    const res = await timeseries(`statsPeriod=6h&query=${encodeURIComponent(`issue.id:${login}`)}`);
    expect(valuesOf(res.body.timeSeries[0])).toEqual([0, 0, 0, 0, 2, 0, 0]);
    const issue = await apiCall<{ shortId: string }>(
      server,
      'GET',
      `/api/0/organizations/${server.org}/issues/${cron}/`,
    );
    const byShortId = await timeseries(
      `statsPeriod=6h&query=${encodeURIComponent(`issue:${issue.body.shortId}`)}`,
    );
    expect(valuesOf(byShortId.body.timeSeries[0])).toEqual([0, 0, 0, 0, 0, 1, 0]);
  });

  it('filters by release, environment, wildcards, negation, OR and has:', async () => {
    const total = async (query: string, extra = '') => {
      const res = await timeseries(`statsPeriod=6h&query=${encodeURIComponent(query)}${extra}`);
      expect(res.status, query).toBe(200);
      return res.body.timeSeries[0]!.values.reduce((n, v) => n + v.value, 0);
    };
    expect(await total('release:app@1')).toBe(3);
    expect(await total('!release:app@1')).toBe(3);
    expect(await total('release:app@*')).toBe(5);
    expect(await total('release:[app@1, app@2] environment:staging')).toBe(2);
    expect(await total('release:app@2 OR !has:release')).toBe(3);
    expect(await total(`!issue.id:${checkout}`)).toBe(3);
    expect(await total(`!issue.id:${login} has:release`)).toBe(3);
    expect(await total(`!issue.id:${checkout} OR release:app@1`)).toBe(6);
    expect(await total(`!issue.id:[${checkout}, ${login}] !has:environment`)).toBe(1);
    expect(await total('', '&environment=production')).toBe(3);
    expect(await total(`project:${await projectSlug()}`)).toBe(6);
  });

  it('refuses what the rollup cannot answer with a 400 naming it', async () => {
    const detail = async (params: string) => {
      const res = await apiCall<{ detail: string }>(
        server,
        'GET',
        orgPath(server, `events-timeseries/?${params}`),
      );
      expect(res.status, params).toBe(400);
      return res.body.detail;
    };
    expect(await detail('dataset=spans')).toMatch(/dataset/);
    expect(await detail('dataset=errors&yAxis=p95(transaction.duration)')).toMatch(/yAxis/);
    expect(await detail('dataset=errors&query=transaction:checkout')).toMatch(/"transaction"/);
    expect(await detail('dataset=errors&query=tags[release]:x')).toMatch(/"tags\[release\]"/);
    expect(await detail('dataset=errors&query=checkout%20failed')).toMatch(/free text/);
    expect(await detail('dataset=errors&query=issue.id:abc')).toMatch(/issue\.id/);
    expect(await detail('dataset=errors&query=issue:NOPE-1')).toMatch(/unknown issue/);
    expect(await detail('dataset=errors&topEvents=11&groupBy=release&sort=-count()')).toMatch(/topEvents/);
    expect(await detail('dataset=errors&topEvents=0&groupBy=release&sort=-count()')).toMatch(/topEvents/);
    expect(await detail('dataset=errors&topEvents=3&groupBy=release')).toMatch(/sort/);
    expect(await detail('dataset=errors&topEvents=3&sort=-count()')).toMatch(/groupBy/);
    expect(await detail('dataset=errors&topEvents=3&groupBy=transaction&sort=-count()')).toMatch(/groupBy/);
    expect(await detail('dataset=errors&topEvents=3&groupBy=release&sort=-environment')).toMatch(/sort/);
    expect(await detail('dataset=errors&interval=soon')).toMatch(/interval/);
    expect(await detail('dataset=errors&statsPeriod=2000d&interval=3600')).toMatch(/interval/);
    expect(await detail('dataset=errors&start=2026-01-02T00:00:00Z')).toMatch(/end/);
    expect(await detail('dataset=errors&start=yesterday&end=2026-01-02T00:00:00Z')).toMatch(/start/);
    expect(await detail('dataset=errors&comparisonDelta=3600')).toMatch(/comparisonDelta/);
  });

  it('answers a project of another organization with 403', async () => {
    const res = await apiCall(
      server,
      'GET',
      orgPath(server, 'events-timeseries/?dataset=errors&project=999999'),
    );
    expect(res.status).toBe(403);
  });
});

async function projectSlug() {
  const row = await server.store.db
    .selectFrom('projects')
    .select('slug')
    .where('id', '=', Number(server.projectId))
    .executeTakeFirstOrThrow();
  return row.slug;
}
