/**
 * Performance pages through `/api/v1` in standalone mode, from what the real `@sentry/node` SDK
 * sends: two services with tracing on (front calls payments over HTTP, payments answers 502 with
 * a captured error), and payments' `GET /work` transactions of known lengths. The percentiles
 * match the durations sent, the summary's parts add up, and the service graph shows both
 * services with the front → payments edge counted once per call.
 */
import type {
  ErrorEnvelope,
  ServiceGraph,
  TransactionSummary,
  TransactionsOverview,
} from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { startTracedService, type TracedService } from '../../testing/traced-services';
import { histogramFromQuantiles } from './performance-service';

const WORK_MS = [10, 30, 50, 70, 90, 110, 130, 150];
const CHECKOUTS = 3;

let dexter: TestDexter;
let viewer: TestClient;
let front: TracedService;
let payments: TracedService;

const get = async <T>(path: string) => {
  const res = await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/performance/${path}`);
  return { status: res.status, body: (await res.json()) as T & ErrorEnvelope };
};

/** Linear interpolation between the nearest ranks: what the store computes, done by hand. */
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  const low = Math.floor(rank);
  return sorted[low]! + (rank - low) * (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!);
};

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  const org = dexter.bootstrap!.org;
  const frontProject = await dexter.store!.admin.ensureProject(org, 'frontend', dexter.url);
  const paymentsProject = await dexter.store!.admin.ensureProject(org, 'payments', dexter.url);
  payments = await startTracedService('payments', paymentsProject.dsn);
  front = await startTracedService('frontend', frontProject.dsn, payments.url);
  for (let i = 0; i < CHECKOUTS; i++) await (await fetch(`${front.url}/checkout`)).json();
  for (const ms of WORK_MS) await (await fetch(`${payments.url}/work?ms=${ms}`)).json();
  await payments.flush();
  await front.flush();
}, 60_000);

afterAll(async () => {
  await Promise.all([front?.stop(), payments?.stop()]);
  await dexter?.close();
});

describe('GET /organizations/{org}/performance/summary', () => {
  it('gives percentiles that match the durations the SDK sent', async () => {
    const { status, body } = await get<TransactionSummary>('summary?transaction=GET%20/work&statsPeriod=1h');
    expect(status).toBe(200);
    expect(body.figures.count).toBe(WORK_MS.length);
    // The slowest traces list every one of the eight transactions with its stored duration.
    const durations = body.slowestTraces.map((t) => t.duration);
    expect(durations).toHaveLength(WORK_MS.length);
    const ascending = [...durations].sort((a, b) => a - b);
    ascending.forEach((duration, i) => {
      expect(duration).toBeGreaterThanOrEqual(WORK_MS[i]!);
      expect(duration).toBeLessThan(WORK_MS[i]! + 100);
    });
    expect(body.figures.p50).toBeCloseTo(percentile(durations, 0.5), 6);
    expect(body.figures.p75).toBeCloseTo(percentile(durations, 0.75), 6);
    expect(body.figures.p95).toBeCloseTo(percentile(durations, 0.95), 6);
    expect(body.figures.p99).toBeCloseTo(percentile(durations, 0.99), 6);
    expect(body.figures.failureRate).toBe(0);
    // Every transaction is under the 300 ms threshold.
    expect(body.figures.apdex).toBe(1);
    expect(body.figures.p50!).toBeGreaterThanOrEqual(70);
  });

  it('adds up: series, histogram, slowest spans', async () => {
    const { body } = await get<TransactionSummary>('summary?transaction=GET%20/work&statsPeriod=1h');
    const perMinute = body.intervalMs / 60_000;
    const seriesTotal = body.throughputSeries.reduce((sum, [, tpm]) => sum + tpm * perMinute, 0);
    expect(Math.round(seriesTotal)).toBe(WORK_MS.length);
    expect(Math.max(...body.p95Series.map(([, v]) => v))).toBeGreaterThan(0);
    expect(body.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(WORK_MS.length);
    expect(body.slowestOperations[0]).toMatchObject({ op: 'db.query', count: WORK_MS.length });
    expect(body.slowestSpans[0]).toMatchObject({ op: 'db.query', description: 'select * from orders' });
    expect(body.slowestSpans[0]!.totalMs).toBeGreaterThanOrEqual(WORK_MS.reduce((a, b) => a + b, 0));
  });

  it('counts the failed transactions of a route', async () => {
    const { body } = await get<TransactionSummary>('summary?transaction=GET%20/charge&statsPeriod=1h');
    expect(body.figures.count).toBe(CHECKOUTS);
    expect(body.figures.failureRate).toBe(1);
  });

  it('refuses a summary without a transaction, naming it', async () => {
    const { status, body } = await get('summary?statsPeriod=1h');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/transaction/);
  });
});

describe('GET /organizations/{org}/performance/transactions', () => {
  it('lists each service’s transactions with their figures', async () => {
    const { status, body } = await get<TransactionsOverview>('transactions?statsPeriod=1h');
    expect(status).toBe(200);
    const byName = new Map(body.transactions.map((t) => [`${t.project} ${t.transaction}`, t]));
    expect(byName.get('payments GET /work')).toMatchObject({ count: WORK_MS.length, failureRate: 0 });
    expect(byName.get('payments GET /charge')).toMatchObject({ count: CHECKOUTS, failureRate: 1 });
    expect(byName.get('frontend GET /checkout')).toMatchObject({ count: CHECKOUTS });
    // Nothing before this test: no previous period to compare with.
    expect(byName.get('payments GET /work')!.previous).toBeNull();
  });

  it('narrows to one service (project slug)', async () => {
    const { body } = await get<TransactionsOverview>('transactions?statsPeriod=1h&project=frontend');
    // The SDK also traces the test's own GET /flush, whenever that transaction is sent.
    const names = body.transactions.map((t) => `${t.project} ${t.transaction}`);
    expect(names.filter((name) => name !== 'frontend GET /flush')).toEqual(['frontend GET /checkout']);
  });

  it('refuses a malformed period, naming it', async () => {
    const { status, body } = await get('transactions?statsPeriod=yesterday');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/statsPeriod/);
  });
});

describe('GET /organizations/{org}/performance/service-graph', () => {
  it('shows both services and the front → payments edge once per call', async () => {
    const { status, body } = await get<ServiceGraph>('service-graph?statsPeriod=1h');
    expect(status).toBe(200);
    expect(new Set(body.nodes.map((n) => n.id))).toEqual(new Set(['frontend', 'payments']));
    expect(body.edges).toHaveLength(1);
    expect(body.edges[0]).toMatchObject({
      source: 'frontend',
      target: 'payments',
      calls: CHECKOUTS,
      errorRate: 1,
    });
    expect(body.edges[0]!.p95).toBeGreaterThan(15);
    expect(body.complete).toBe(true);
    // A node's figures are its service's transactions (with the SDK's own GET /flush, if sent).
    const overview = await get<TransactionsOverview>('transactions?statsPeriod=1h&project=payments');
    const total = overview.body.transactions.reduce((sum, t) => sum + t.count, 0);
    expect(total).toBeGreaterThanOrEqual(WORK_MS.length + CHECKOUTS);
    const paymentsNode = body.nodes.find((n) => n.id === 'payments')!;
    expect(paymentsNode.transactions).toBe(total);
    expect(paymentsNode.failureRate).toBeCloseTo(CHECKOUTS / total, 6);
  });

  it('is empty for an environment nothing was sent in', async () => {
    const { body } = await get<ServiceGraph>('service-graph?statsPeriod=1h&environment=production');
    expect(body.nodes).toEqual([]);
    expect(body.edges).toEqual([]);
  });
});

describe('histogramFromQuantiles', () => {
  it('puts every transaction in a bucket and follows the percentiles', () => {
    const buckets = histogramFromQuantiles(
      [
        [0, 0],
        [0.5, 10],
        [1, 100],
      ],
      100,
    );
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(100);
    // Half of the transactions are under 10 ms: the first two 5 ms buckets.
    expect(buckets[0]!.count + buckets[1]!.count).toBe(50);
  });
});

describe('the store’s dataset=spans aggregates (Sentry’s API)', () => {
  const store = (path: string) => {
    const { org, token } = dexter.bootstrap!;
    return fetch(`${dexter.listenUrl}/api/0/organizations/${org}/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  };
  const work = encodeURIComponent('is_transaction:true transaction:"GET /work"');

  it('answers events-stats with several yAxis in Sentry’s keyed shape, buckets summing to the count', async () => {
    const res = await store(
      `events-stats/?dataset=spans&statsPeriod=1h&interval=5m&yAxis=count()&yAxis=p95(span.duration)&query=${work}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<
      string,
      { data: Array<[number, Array<{ count: number }>]>; order: number }
    >;
    expect(Object.keys(body)).toEqual(['count()', 'p95(span.duration)']);
    expect(body['count()']!.order).toBe(0);
    const counts = body['count()']!.data.map(([, [value]]) => value!.count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(WORK_MS.length);
    // Aligned 5-minute buckets, one per interval.
    const times = body['count()']!.data.map(([t]) => t);
    expect(times.every((t) => t % 300 === 0)).toBe(true);
    expect(Math.max(...body['p95(span.duration)']!.data.map(([, [v]]) => v!.count))).toBeGreaterThan(100);
  });

  it('groups percentiles and Apdex by transaction and refuses a bad argument, naming the field', async () => {
    const fields = ['transaction', 'count()', 'p50(span.duration)', 'apdex(50)', 'failure_rate()']
      .map((f) => `field=${encodeURIComponent(f)}`)
      .join('&');
    const res = await store(`events/?dataset=spans&statsPeriod=1h&${fields}&query=${work}`);
    const body = (await res.json()) as {
      data: Array<Record<string, number>>;
      meta: { fields: Record<string, string> };
    };
    expect(body.data).toHaveLength(1);
    // apdex(50): under 50 ms satisfied, under 200 ms tolerating (half), none slower.
    const satisfied = WORK_MS.filter((ms) => ms < 50).length;
    expect(body.data[0]!['apdex(50)']).toBeLessThanOrEqual(
      (satisfied + (WORK_MS.length - satisfied) / 2) / WORK_MS.length,
    );
    expect(body.data[0]!['apdex(50)']).toBeGreaterThan(0);
    expect(body.meta.fields['p50(span.duration)']).toBe('duration');
    const bad = await store(
      `events/?dataset=spans&field=${encodeURIComponent('percentile(span.duration, 2)')}`,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/percentile\(span\.duration, ?2\)/);
    const badAxis = await store('events-stats/?dataset=spans&yAxis=transaction');
    expect(badAxis.status).toBe(400);
    expect(JSON.stringify(await badAxis.json())).toMatch(/yAxis/);
  });
});
