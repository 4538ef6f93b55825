/**
 * Acceptance: a real Prometheus (Debian's 2.42) serves a business metric, Dexter polls it through
 * its query_range API and correlates it with an issue's error rate read from the real built-in
 * store. The metric is four days of "checkouts per minute" backfilled with promtool; the store has
 * a checkout-timeout issue whose bursts the checkouts drop after, two hours later, and an unrelated
 * issue. Expected: lag +2 h, a strong negative r, significant; the unrelated issue is not; the
 * most-correlated list puts the checkout issue first; a deploy in the period is a marker.
 * A second metric comes from a tiny exporter this test serves, which Prometheus scrapes: a later
 * poll picks up the scraped value. Also: the SSRF guard refuses a loopback port it was not told to
 * allow, and a bearer token is sent to the server and stored only sealed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CorrelatedIssues, Correlation, MetricSource } from '@dexter/contracts';
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimited } from '../../release-data/deploys-in-range';
import { openMetrics, type PrometheusServer, startPrometheusServer } from '../../testing/prometheus-server';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import type { MetricCorrelationHandle } from './metric-correlation-feature';
import { checkoutScenario, LAG_HOURS } from './scenario/checkout-scenario';

const HOUR = 3_600_000;
const TOKEN = 'prom-token-8f3a1c';

let prometheus: PrometheusServer;
let exporter: Server;
let fakeProm: Server;
let seenAuthorization: string | undefined;
let dexter: TestDexter;
let org: string;
let issueIds: { incident: string; unrelated: string };
const endHour = Math.floor(Date.now() / HOUR) * HOUR;
const scenario = checkoutScenario(endHour);

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

async function sendHourly(counts: number[], fingerprint: string) {
  const project = dexter.bootstrap!.projects[0]!;
  const key = new URL(project.dsn).username;
  const events = counts.flatMap((count, h) =>
    Array.from({ length: count }, (_, i) =>
      testEvent({
        at: scenario.hours[h]! + 60_000 + i * 30_000,
        fingerprint: [fingerprint],
        value: fingerprint,
        release: 'shop@1.4.0',
      }),
    ),
  );
  await mapLimited(events, 8, async (event) => {
    const res = await postEnvelope(dexter.url, project.id, key, envelopeOf(event));
    expect(res.status).toBe(200);
  });
}

async function issueIdOf(fingerprint: string): Promise<string> {
  const res = await dexter.request(
    `/api/v1/organizations/${org}/issues?query=${encodeURIComponent(fingerprint)}&statsPeriod=14d`,
  );
  const body = (await res.json()) as {
    items?: Array<{ id: string; title: string }>;
    issues?: Array<{ id: string; title: string }>;
  };
  const items = body.items ?? body.issues ?? [];
  const found = items.find((issue) => issue.title.includes(fingerprint));
  if (!found) throw new Error(`no issue for ${fingerprint}: ${JSON.stringify(body).slice(0, 300)}`);
  return found.id;
}

const createSource = (body: unknown) =>
  dexter.request(`/api/v1/organizations/${org}/metric-sources`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  exporter = createServer((req, res) => {
    res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(req.url === '/metrics' ? '# TYPE shop_live_users gauge\nshop_live_users 42\n' : '');
  });
  const exporterPort = await listen(exporter);
  prometheus = await startPrometheusServer({
    backfill: openMetrics([
      { name: 'shop_checkouts_per_minute', labels: { shop: 'web' }, samples: scenario.metric },
    ]),
    scrapeTargets: [`127.0.0.1:${exporterPort}`],
  });
  // A stand-in that only records the Authorization header and answers one valid matrix.
  fakeProm = createServer((req, res) => {
    seenAuthorization = req.headers.authorization;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
  });
  const fakePort = await listen(fakeProm);
  dexter = await startTestDexter({
    DEXTER_ALLOW_PRIVATE_URLS: `127.0.0.1:${prometheus.port},127.0.0.1:${fakePort}`,
    DEXTER_DEPLOY_CHECK_MS: '0',
  });
  org = dexter.bootstrap!.org;
  await sendHourly(scenario.incident, 'checkout-timeout');
  await sendHourly(scenario.unrelated, 'avatar-resize');
  issueIds = { incident: await issueIdOf('checkout-timeout'), unrelated: await issueIdOf('avatar-resize') };
  const project = dexter.bootstrap!.projects[0]!.id;
  expect((await dexter.storePost('releases/', { version: 'shop@1.5.0', projects: [project] })).status).toBe(
    201,
  );
  const deployed = await dexter.storePost('releases/shop%401.5.0/deploys/', {
    environment: 'production',
    dateFinished: new Date(endHour - 30 * HOUR).toISOString(),
  });
  expect(deployed.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await dexter?.close();
  await prometheus?.stop();
  exporter?.close();
  fakeProm?.close();
});

describe('metric correlation against a real Prometheus', () => {
  let source: MetricSource;

  it('stores a Prometheus source and polls its history at once', async () => {
    const res = await createSource({
      kind: 'prometheus',
      name: 'Checkouts per minute',
      baseUrl: prometheus.url,
      query: 'sum(shop_checkouts_per_minute)',
      stepSeconds: 300,
    });
    expect(res.status).toBe(201);
    source = (await res.json()) as MetricSource;
    expect(source).toMatchObject({ kind: 'prometheus', lastError: null, hasToken: false });
    // 96 hours of 5-minute samples; query_range evaluates every step in the range polled.
    expect(source.points).toBeGreaterThanOrEqual(96 * 12 - 12);
  });

  it('finds the lag and calls the checkout issue significant', async () => {
    const res = await dexter.request(
      `/api/v1/organizations/${org}/metric-sources/${source.id}/correlation?issue=${issueIds.incident}&statsPeriod=3d&maxLagHours=6`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Correlation;
    expect(body.target).toMatchObject({ kind: 'issue', issueId: issueIds.incident });
    expect(body.buckets).toHaveLength(72);
    // The events sent in the window's hours (the window is the last 72 complete hours at the
    // time of the request, which may be an hour later than when the events were made).
    const [from, to] = [Date.parse(body.start), Date.parse(body.end)];
    const sent = scenario.incident.filter((_, h) => scenario.hours[h]! >= from && scenario.hours[h]! < to);
    expect(body.errors.reduce((a, b) => a + b, 0)).toBe(sent.reduce((a, b) => a + b, 0));
    expect(body.result).not.toBeNull();
    expect(body.result!.lag).toBe(LAG_HOURS);
    expect(body.result!.lagSeconds).toBe(LAG_HOURS * 3600);
    expect(body.result!.r).toBeLessThan(-0.8);
    expect(body.result!.significant).toBe(true);
    expect(body.summary).toMatch(/falls 2 hours after/);
    expect(body.summary).toMatch(/correlation is not cause/);
    expect(body.deploys.map((deploy) => deploy.release)).toContain('shop@1.5.0');
  });

  it('does not call the unrelated issue significant, and ranks the checkout issue first', async () => {
    const single = (await (
      await dexter.request(
        `/api/v1/organizations/${org}/metric-sources/${source.id}/correlation?issue=${issueIds.unrelated}&statsPeriod=3d&maxLagHours=6`,
      )
    ).json()) as Correlation;
    expect(single.result!.significant).toBe(false);
    const res = await dexter.request(
      `/api/v1/organizations/${org}/metric-sources/${source.id}/correlated-issues?statsPeriod=3d&maxLagHours=6&query=`,
    );
    expect(res.status).toBe(200);
    const ranked = (await res.json()) as CorrelatedIssues;
    expect(ranked.issuesConsidered).toBe(2);
    expect(ranked.items.map((item) => item.issueId)).toEqual([issueIds.incident, issueIds.unrelated]);
    expect(ranked.items[0]!.result).toMatchObject({ lag: LAG_HOURS, significant: true });
    expect(ranked.items[1]!.result!.significant).toBe(false);
  });

  it('picks up what Prometheus scraped from an exporter on a later poll', async () => {
    expect(await prometheus.waitForSample('shop_live_users')).toBe(42);
    const res = await createSource({
      kind: 'prometheus',
      name: 'Live users',
      baseUrl: prometheus.url,
      query: 'shop_live_users',
      stepSeconds: 15,
      pollSeconds: 30,
    });
    const created = (await res.json()) as MetricSource;
    expect(created.lastError).toBeNull();
    const handle = dexter.modules.get('metric-correlation')!.handle as MetricCorrelationHandle;
    // Not due yet: polled at creation, 30 s ago at most.
    expect(await handle.pollDue()).toBe(0);
    const polled = (await (
      await dexter.request(`/api/v1/organizations/${org}/metric-sources/${created.id}/poll`, {
        method: 'POST',
      })
    ).json()) as MetricSource;
    expect(polled.points).toBeGreaterThanOrEqual(1);
    expect(polled.lastError).toBeNull();
  });

  it('keeps a query error on the source, in Prometheus’s words', async () => {
    const res = await createSource({
      kind: 'prometheus',
      name: 'Broken',
      baseUrl: prometheus.url,
      query: 'sum(',
    });
    const created = (await res.json()) as MetricSource;
    expect(res.status).toBe(201);
    expect(created.lastError).toMatch(/refused the query \(400 bad_data\).*parse error/);
    expect(created.points).toBe(0);
  });

  it('refuses a loopback port the SSRF guard was not told to allow', async () => {
    const res = await createSource({
      kind: 'prometheus',
      name: 'Elsewhere',
      baseUrl: 'http://127.0.0.1:9/',
      query: 'up',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('DEXTER_ERR_UNSAFE_URL');
    expect(body.error.message).toMatch(/^Invalid body\.baseUrl: 127\.0\.0\.1:9 resolves to 127\.0\.0\.1/);
  });

  it('sends the bearer token and stores it only sealed', async () => {
    const fakeUrl = `http://127.0.0.1:${(fakeProm.address() as AddressInfo).port}/prefix`;
    const res = await createSource({
      kind: 'prometheus',
      name: 'Tokened',
      baseUrl: fakeUrl,
      query: 'up',
      bearerToken: TOKEN,
    });
    const created = (await res.json()) as MetricSource;
    expect(created).toMatchObject({ hasToken: true, lastError: null });
    expect(JSON.stringify(created)).not.toContain(TOKEN);
    expect(seenAuthorization).toBe(`Bearer ${TOKEN}`);
    const rows = await dexter.security.db.selectFrom('secrets').selectAll().execute();
    const sealed = rows.find((row) => row.name === `metric-source-${created.id}`);
    expect(sealed?.ciphertext).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    const removed = await dexter.request(`/api/v1/organizations/${org}/metric-sources/${created.id}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    const after = await dexter.security.db.selectFrom('secrets').select('name').execute();
    expect(after.map((row) => row.name)).not.toContain(`metric-source-${created.id}`);
  });
});
