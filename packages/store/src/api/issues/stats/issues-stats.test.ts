/**
 * Sparkline series: `issues-stats` for chosen issues and `groupStatsPeriod` on the issue list,
 * hourly over 24 hours or daily over 14 days, with Sentry's refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, orgPath, seedIssue } from '../../../testing/issue-seeding';
import { type StoreServer, startStoreServer } from '../../../testing/store-harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface IssueStats {
  id: string;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  stats: Record<string, Array<[number, number]>>;
  lifetime: { count: string };
}

let server: StoreServer;
let busy: string;
let quiet: string;

beforeAll(async () => {
  server = await startStoreServer();
  const now = Date.now();
  busy = await seedIssue(server, 'busy', { events: 2, users: ['a', 'b'] });
  await seedIssue(server, 'busy', { at: now - 3 * HOUR });
  await seedIssue(server, 'busy', { at: now - 3 * DAY });
  quiet = await seedIssue(server, 'quiet', { at: now - 2 * DAY });
});
afterAll(() => server.close());

const stats = (query: string) =>
  apiCall<IssueStats[]>(server, 'GET', orgPath(server, `issues-stats/?${query}`));
const total = (series: Array<[number, number]> = []) => series.reduce((sum, [, n]) => sum + n, 0);

describe('issues-stats', () => {
  it('answers counts and a 24-point hourly series per issue, in the order asked', async () => {
    const res = await stats(`groups=${quiet}&groups=${busy}`);
    expect(res.status).toBe(200);
    expect(res.body.map((s) => s.id)).toEqual([quiet, busy]);
    const item = res.body[1]!;
    expect(item).toMatchObject({ id: busy, count: '4', userCount: 2, lifetime: { count: '4' } });
    const series = item.stats['24h']!;
    expect(series).toHaveLength(24);
    expect(series[1]![0] - series[0]![0]).toBe(3600);
    expect(total(series)).toBe(3);
    expect(series.at(-1)![1]).toBe(2);
  });

  it('answers a 14-point daily series for statsPeriod=14d', async () => {
    const res = await stats(`groups=${busy},${quiet}&statsPeriod=14d`);
    const busySeries = res.body.find((s) => s.id === busy)!.stats['14d']!;
    expect(busySeries).toHaveLength(14);
    expect(busySeries[1]![0] - busySeries[0]![0]).toBe(86_400);
    expect(total(busySeries)).toBe(4);
    expect(total(res.body.find((s) => s.id === quiet)!.stats['14d'])).toBe(1);
  });

  it.each([
    ['', 'You should include `groups` with your request. (i.e. groups=1,2,3)'],
    ['groups=abc', 'Group ids must be integers'],
    ['groups=999999999', 'No matching groups found'],
    ['groupStatsPeriod=7d&groups=1', "Invalid stats_period. Valid choices are '', '24h', '14d' and 'auto'"],
  ])('refuses %s with Sentry’s message', async (query, detail) => {
    expect(await stats(query)).toMatchObject({ status: 400, body: { detail } });
  });

  it('refuses more than 25 issues, as Sentry does', async () => {
    const many = [busy, quiet];
    for (let i = 0; i < 24; i++) many.push(await seedIssue(server, `many-${i}`));
    expect(await stats(many.map((id) => `groups=${id}`).join('&'))).toMatchObject({
      status: 400,
      body: { detail: 'Too many groups requested.' },
    });
  });
});

describe('issue list stats', () => {
  it('carries 24h stats by default, 14d on request, and none for an empty groupStatsPeriod', async () => {
    const list = (extra: string) =>
      apiCall<Array<{ id: string; stats: Record<string, unknown[]> }>>(
        server,
        'GET',
        orgPath(server, `issues/?query=&group=${busy}${extra}`),
      );
    expect(Object.keys((await list('')).body[0]!.stats)).toEqual(['24h']);
    expect((await list('&groupStatsPeriod=14d')).body[0]!.stats['14d']).toHaveLength(14);
    expect((await list('&groupStatsPeriod=')).body[0]!.stats).toEqual({});
  });

  it('keeps the issues with events in statsPeriod', async () => {
    const recent = await apiCall<Array<{ id: string }>>(
      server,
      'GET',
      orgPath(server, 'issues/?query=&statsPeriod=1d'),
    );
    const ids = recent.body.map((issue) => issue.id);
    expect(ids).toContain(busy);
    expect(ids).not.toContain(quiet);
  });
});
