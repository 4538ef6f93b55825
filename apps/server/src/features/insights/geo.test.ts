/**
 * The geographic impact through `/api/v1` in standalone mode: events sent as an SDK sends them,
 * from users at known public IPs (their countries read once from the shipped DB-IP database and
 * hard-coded) or with the SDK's own `user.geo`, then the per-country events and users of one issue
 * and of a search read through the same gateway code that reads sentry.io (Discover). Also the
 * service against a fake upstream: the tag-count fallback when Discover is refused (a 404 for the
 * tag is "no countries"), and a malformed answer is a clear 502.
 */
import type { ErrorEnvelope, GeoImpact } from '@dexter/contracts';
import { SentryNotFoundError, SentryPermissionError } from '@dexter/sentry-client';
import { envelopeOf, postEnvelope, storeDatabaseIn, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DexterError } from '../../errors/error-codes';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { createGeoService } from './geo-service';

let dexter: TestDexter;
let viewer: TestClient;
let storeDb: ReturnType<typeof storeDatabaseIn>;
const issues: Record<string, string> = {};

async function send(name: string, user: Record<string, unknown>): Promise<string> {
  const project = dexter.bootstrap!.projects[0]!;
  const event = { ...testEvent({ fingerprint: [name], value: name }), user };
  const res = await postEnvelope(dexter.url, project.id, new URL(project.dsn).username, envelopeOf(event));
  expect(res.status).toBe(200);
  const row = await storeDb
    .selectFrom('events')
    .select('issue_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirstOrThrow();
  return String(row.issue_id);
}

const get = async (path: string) => {
  const res = await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/${path}`);
  return { status: res.status, body: (await res.json()) as GeoImpact & ErrorEnvelope };
};

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  storeDb = storeDatabaseIn(dexter.dataDir);
  // checkout: Brazil 3 events by 2 users, Germany 1, France 1 (the SDK's own geo), 1 without a
  // country.
  for (const [user, ip] of [
    ['ana', '200.147.67.142'],
    ['ana', '177.71.128.1'],
    ['bia', '201.7.176.1'],
    ['cai', '194.25.2.129'],
    ['dan', '10.0.0.7'],
  ]) {
    issues.checkout = await send('checkout', { id: user, ip_address: ip });
  }
  await send('checkout', { id: 'fr', geo: { country_code: 'FR', region: 'France' } });
  // search: Germany 2, the US 1.
  for (const ip of ['85.214.132.117', '85.214.132.117', '8.8.8.8']) {
    issues.search = await send('search', { id: ip, ip_address: ip });
  }
  // quiet: no IPs at all.
  issues.quiet = await send('quiet', { id: 'nobody' });
});
afterAll(() => dexter.close());

describe('GET /organizations/{org}/issues/{issueId}/geo', () => {
  it('counts one issue’s events per country, most first, against its total', async () => {
    const { status, body } = await get(`issues/${issues.checkout}/geo`);
    expect(status).toBe(200);
    expect(body).toEqual({
      countries: [
        { code: 'BR', events: 3, users: 2, issues: null },
        { code: 'DE', events: 1, users: 1, issues: null },
        { code: 'FR', events: 1, users: 1, issues: null },
      ],
      locatedEvents: 5,
      totalEvents: 6,
      issuesConsidered: 1,
      truncated: false,
      source: 'discover',
    });
  });

  it('answers no countries for an issue without any, and 404 for an unknown issue', async () => {
    expect((await get(`issues/${issues.quiet}/geo`)).body).toMatchObject({
      countries: [],
      locatedEvents: 0,
      totalEvents: 1,
    });
    const missing = await get('issues/999999/geo');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });

  it('refuses a malformed issue id naming the field', async () => {
    const res = await get('issues/not%20an%20id/geo');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('issueId');
  });
});

describe('GET /organizations/{org}/geo', () => {
  it('counts the search’s issues’ events and users per country', async () => {
    const { status, body } = await get('geo?query=');
    expect(status).toBe(200);
    expect(body.countries).toEqual([
      { code: 'BR', events: 3, users: 2, issues: null },
      { code: 'DE', events: 3, users: 2, issues: null },
      { code: 'FR', events: 1, users: 1, issues: null },
      { code: 'US', events: 1, users: 1, issues: null },
    ]);
    expect(body).toMatchObject({
      locatedEvents: 8,
      totalEvents: 10,
      issuesConsidered: 3,
      truncated: false,
      source: 'discover',
    });
  });

  it('narrows to a search, as the stream does: a country, and a limit that truncates', async () => {
    const brazil = await get(`geo?query=${encodeURIComponent('geo.country_code:BR')}`);
    expect(brazil.body.issuesConsidered).toBe(1);
    expect(brazil.body.countries.map((c) => c.code)).toEqual(['BR', 'DE', 'FR']);
    const top = await get('geo?query=&limit=1');
    expect(top.body).toMatchObject({ issuesConsidered: 1, truncated: true });
  });

  it('refuses bad parameters with the field named', async () => {
    const res = await get('geo?statsPeriod=forever');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('statsPeriod');
    expect((await get('geo?limit=500')).status).toBe(400);
  });
});

describe('the service against a fake upstream', () => {
  const issue = { id: '7', count: '4' };
  const refused = async () => {
    throw new SentryPermissionError({
      status: 403,
      detail: 'You do not have access to Discover',
      operation: 'discover.events',
      method: 'GET',
      path: '/api/0/organizations/acme/events/',
    } as never);
  };
  const service = (tagValues: () => Promise<unknown>, table: () => Promise<unknown> = refused) =>
    createGeoService({
      sentry: {
        issues: { get: async () => issue, tagValues } as never,
        discover: { table } as never,
      },
      search: {
        page: async () => ({ issues: [issue], nextCursor: null, previousCursor: null, hits: 1 }),
      } as never,
    });
  const noTags = async () => {
    throw new Error('tag values must not be read when Discover answers');
  };

  it('falls back to the tag counts when Discover is refused, and reads their 404 as no countries', async () => {
    const geo = await service(async () => {
      throw new SentryNotFoundError({
        status: 404,
        detail: 'Tag key not found',
        operation: 'issues.tagValues',
        method: 'GET',
        path: '/api/0/organizations/acme/issues/7/tags/geo.country_code/values/',
      } as never);
    }).forIssue('acme', '7');
    expect(geo).toMatchObject({ countries: [], totalEvents: 4, source: 'tags' });
  });

  it('follows the tag values’ pages in the fallback, counting issues instead of users', async () => {
    const pages = [
      { data: [{ value: 'BR', count: 3 }], page: { next: 'c1', previous: null, hits: null } },
      { data: [{ value: 'us', count: 1 }], page: { next: null, previous: null, hits: null } },
    ];
    const geo = await service(async () => pages.shift()).forSearch('acme', {
      projects: [],
      environments: [],
    });
    expect(geo.countries).toEqual([
      { code: 'BR', events: 3, users: null, issues: 1 },
      { code: 'US', events: 1, users: null, issues: 1 },
    ]);
    expect(geo).toMatchObject({ locatedEvents: 4, totalEvents: 4, source: 'tags' });
  });

  it('reads Sentry’s Discover rows, an unknown country (null or "") counted as not located', async () => {
    const geo = await service(noTags, async () => ({
      data: [
        { 'geo.country_code': 'DE', 'count()': 5, 'count_unique(user)': 2 },
        { 'geo.country_code': null, 'count()': 3, 'count_unique(user)': 3 },
        { 'geo.country_code': '', 'count()': 1, 'count_unique(user)': 1 },
      ],
      meta: { fields: {} },
    })).forIssue('acme', '7');
    expect(geo).toMatchObject({
      countries: [{ code: 'DE', events: 5, users: 2, issues: null }],
      locatedEvents: 5,
      totalEvents: 9,
      source: 'discover',
    });
  });

  it('turns a malformed answer into a 502 naming the field', async () => {
    const tagFailure = await service(async () => ({
      data: [{ value: 'BR', count: 'lots' }],
      page: { next: null, previous: null, hits: null },
    }))
      .forIssue('acme', '7')
      .catch((error: unknown) => error);
    expect(tagFailure).toBeInstanceOf(DexterError);
    expect((tagFailure as DexterError).status).toBe(502);
    expect((tagFailure as DexterError).message).toMatch(
      /geo\.country_code values of issue 7 is malformed: count/,
    );
    const rowFailure = await service(noTags, async () => ({
      data: [{ 'geo.country_code': 'DE', 'count()': -1 }],
    }))
      .forIssue('acme', '7')
      .catch((error: unknown) => error);
    expect((rowFailure as DexterError).message).toMatch(/Discover row is malformed: count\(\)/);
  });
});
