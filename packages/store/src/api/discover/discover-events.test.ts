/**
 * The store's first Discover slice: error events and distinct users per country, over events sent
 * as envelopes from users at known public IPs (countries hard-coded from the shipped database),
 * checked against Sentry's OpenAPI spec; a field or dataset it does not answer is a 400 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { apiCall, orgPath } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
const issues: Record<string, string> = {};
const HOUR = 3_600_000;

async function send(name: string, user: Record<string, unknown>, at = Date.now() - 60_000) {
  const event = { ...testEvent({ fingerprint: [name], value: name, at }), user };
  expect((await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event))).status).toBe(
    200,
  );
}

type Row = Record<string, string | number>;
const events = async (params: string) =>
  apiCall<{ data: Row[]; meta: unknown; detail?: string }>(
    server,
    'GET',
    orgPath(server, `events/?${params}`),
  );
const GEO = 'field=geo.country_code&field=count()&field=count_unique(user)&dataset=errors';

beforeAll(async () => {
  server = await startStoreServer();
  // checkout: Brazil 3 events by 2 users, Germany 1, one without an IP; search: Brazil 1 (a
  // third Brazilian user), the US 1; old: Japan, 3 days ago.
  await send('checkout', { id: 'ana', ip_address: '200.147.67.142' });
  await send('checkout', { id: 'ana', ip_address: '200.147.67.142' });
  await send('checkout', { id: 'bia', ip_address: '177.71.128.1' });
  await send('checkout', { id: 'cai', ip_address: '194.25.2.129' });
  await send('checkout', { id: 'dan' });
  await send('search', { email: 'eva@example.com', ip_address: '201.7.176.1' });
  await send('search', { ip_address: '8.8.8.8' });
  await send('old', { id: 'old', ip_address: '133.11.0.1' }, Date.now() - 72 * HOUR);
  const list = await apiCall<Array<{ id: string; title: string }>>(
    server,
    'GET',
    orgPath(server, 'issues/?query='),
  );
  for (const issue of list.body) issues[issue.title.split(':')[1]!.trim()] = issue.id;
});
afterAll(() => server.close());

describe('GET /organizations/{org}/events/ (geo)', () => {
  it('counts events and distinct users per country in the period, most events first', async () => {
    const res = await events(`${GEO}&statsPeriod=24h`);
    expect(res.status).toBe(200);
    const validate = responseValidator('GET', '/api/0/organizations/{organization_id_or_slug}/events/');
    expect(validate(res.body), describeErrors(validate.errors)).toBe(true);
    expect(res.body.data).toEqual([
      { 'geo.country_code': 'BR', 'count()': 4, 'count_unique(user)': 3 },
      { 'geo.country_code': '', 'count()': 1, 'count_unique(user)': 1 },
      { 'geo.country_code': 'DE', 'count()': 1, 'count_unique(user)': 1 },
      { 'geo.country_code': 'US', 'count()': 1, 'count_unique(user)': 1 },
    ]);
    expect(res.body.meta).toMatchObject({
      fields: { 'geo.country_code': 'string', 'count()': 'integer', 'count_unique(user)': 'integer' },
    });
  });

  it('narrows to issues, and the period includes older events when it reaches them', async () => {
    const one = await events(
      `${GEO}&statsPeriod=24h&query=${encodeURIComponent(`issue.id:${issues.checkout}`)}`,
    );
    expect(one.body.data.map((r) => [r['geo.country_code'], r['count()'], r['count_unique(user)']])).toEqual([
      ['BR', 3, 2],
      ['', 1, 1],
      ['DE', 1, 1],
    ]);
    const two = await events(
      `${GEO}&statsPeriod=7d&query=${encodeURIComponent(`issue.id:[${issues.search},${issues.old}]`)}`,
    );
    expect(two.body.data.map((r) => r['geo.country_code'])).toEqual(['BR', 'JP', 'US']);
  });

  it('refuses what it does not answer, naming the parameter and a code', async () => {
    const field = await events('field=counts()&field=count()');
    expect(field.status).toBe(400);
    expect(field.body).toMatchObject({
      detail: expect.stringMatching(/^Invalid field: "counts\(\)": counts\(\) is not a function/),
      code: 'unknown-function',
      parameter: 'field',
    });
    expect((await events('field=count()&dataset=logs')).body).toMatchObject({ parameter: 'dataset' });
    expect((await events('dataset=errors')).body.detail).toMatch(/Invalid field: at least one/);
    expect((await events(`${GEO}&sort=-title`)).body).toMatchObject({
      parameter: 'sort',
      code: 'invalid-sort',
    });
    expect((await events(`${GEO}&query=is:unresolved`)).body).toMatchObject({ parameter: 'query' });
  });

  it("answers events-stats in Sentry's shape, one series per yAxis", async () => {
    const one = await apiCall<{
      data: Array<[number, Array<{ count: number }>]>;
      start: number;
      end: number;
    }>(server, 'GET', orgPath(server, 'events-stats/?yAxis=count()&statsPeriod=24h&interval=1h'));
    expect(one.status).toBe(200);
    expect(one.body.data.length).toBeGreaterThanOrEqual(24);
    expect(one.body.data.reduce((sum, [, [point]]) => sum + point!.count, 0)).toBe(7);
    expect(one.body.end - one.body.start).toBeGreaterThanOrEqual(24 * 3600);
    const two = await apiCall<Record<string, { order: number }>>(
      server,
      'GET',
      orgPath(server, 'events-stats/?yAxis=count()&yAxis=count_unique(user)&statsPeriod=24h'),
    );
    expect(Object.entries(two.body).map(([k, v]) => [k, v.order])).toEqual([
      ['count()', 0],
      ['count_unique(user)', 1],
    ]);
    const bad = await apiCall<{ parameter: string }>(
      server,
      'GET',
      orgPath(server, 'events-stats/?yAxis=release'),
    );
    expect([bad.status, bad.body.parameter]).toEqual([400, 'yAxis']);
  });
});
