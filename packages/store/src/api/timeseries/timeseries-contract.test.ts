/**
 * events-timeseries answers validate against the 200 schema of "Query Explore Events in
 * Timeseries Format" in Sentry's OpenAPI spec: one series, top events with Other, an organization
 * with events but an empty window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgPath, seedIssue } from '../../testing/issue-seeding';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const SPEC_PATH = '/api/0/organizations/{organization_id_or_slug}/events-timeseries/';
let server: StoreServer;

beforeAll(async () => {
  server = await startStoreServer();
  const hourAgo = Date.now() - 3_600_000;
  await seedIssue(server, 'contract-a', { events: 3, release: 'app@1', at: hourAgo });
  await seedIssue(server, 'contract-b', { events: 2, release: 'app@2', environment: 'staging' });
  await seedIssue(server, 'contract-c', { release: null, environment: null });
});
afterAll(() => server.close());

describe('store events-timeseries answers match Sentry’s OpenAPI spec', () => {
  it.each([
    ['one series', 'dataset=errors&statsPeriod=24h&interval=3600'],
    ['top releases with Other', 'dataset=errors&statsPeriod=24h&topEvents=1&groupBy=release&sort=-count()'],
    ['null group values', 'dataset=errors&statsPeriod=24h&topEvents=5&groupBy=environment&sort=-count()'],
    ['an issue timeline', 'dataset=errors&statsPeriod=14d&query=release:app@1'],
    ['an empty window', 'dataset=errors&start=2020-01-01T00:00:00Z&end=2020-01-02T00:00:00Z'],
  ])('%s', async (_name, params) => {
    const res = await server.api(orgPath(server, `events-timeseries/?${params}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { timeSeries: unknown[] };
    expect(body.timeSeries.length).toBeGreaterThan(0);
    const validate = responseValidator('GET', SPEC_PATH);
    expect(validate(body), describeErrors(validate.errors)).toBe(true);
  });
});
