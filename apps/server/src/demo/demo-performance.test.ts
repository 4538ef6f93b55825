/**
 * A fresh demo store has traces and a replay: the demo's projects are created as `npm start`
 * creates them, then `sendDemoPerformance` (what the seeding runs after the error history) sends
 * the traced storefront → payments traffic through the real `@sentry/node` SDK and the captured
 * `@sentry/browser` replay. Read back through Dexter's `/api/v1`, as the pages read them: both
 * services' transactions, the storefront → payments edge with one call per checkout, a whole
 * trace across both services, and the storefront's replay linked to its error.
 */
import type {
  ErrorEnvelope,
  ReplayList,
  ServiceGraph,
  TraceView,
  TransactionSummary,
  TransactionsOverview,
} from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/test-client';
import { startTestDexter, type TestDexter } from '../testing/test-dexter';
import { sendDemoPerformance } from './demo-performance';
import { demoReplayEnvelopes, shiftRecording } from './demo-replay';
import { DEMO_TRAFFIC } from './demo-traces';
import { ensureDemoProjects } from './seed-demo';

let dexter: TestDexter;
let viewer: TestClient;
let storefrontId = '';

const api = async <T>(path: string) => {
  const res = await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/${path}`);
  return { status: res.status, body: (await res.json()) as T & ErrorEnvelope };
};

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  const projects = (await ensureDemoProjects({
    store: dexter.store!,
    bootstrap: dexter.bootstrap!,
    publicUrl: dexter.url,
  }))!;
  storefrontId = projects[0]!.id;
  const dsns = new Map([
    ['storefront', projects[0]!.dsn],
    ['payments', projects[1]!.dsn],
  ]);
  await sendDemoPerformance((service) => dsns.get(service)!);
  await dexter.store!.admin.drain();
}, 120_000);
afterAll(() => dexter?.close());

describe('demo traces', () => {
  it('fill the performance overview with both services’ transactions', async () => {
    const { status, body } = await api<TransactionsOverview>('performance/transactions?statsPeriod=1h');
    expect(status).toBe(200);
    const counts = new Map(body.transactions.map((t) => [`${t.project} ${t.transaction}`, t.count]));
    const storefront = dexter.bootstrap!.projects[0]!.slug;
    expect(counts.get(`${storefront} GET /checkout`)).toBe(DEMO_TRAFFIC.checkouts);
    expect(counts.get(`${storefront} GET /products`)).toBe(DEMO_TRAFFIC.productViews);
    expect(counts.get('payments GET /charge')).toBe(DEMO_TRAFFIC.checkouts);
  });

  it('draw the storefront → payments edge, one call per checkout', async () => {
    const { body } = await api<ServiceGraph>('performance/service-graph?statsPeriod=1h');
    const storefront = dexter.bootstrap!.projects[0]!.slug;
    expect(new Set(body.nodes.map((n) => n.id))).toEqual(new Set([storefront, 'payments']));
    expect(body.edges).toHaveLength(1);
    expect(body.edges[0]).toMatchObject({
      source: storefront,
      target: 'payments',
      calls: DEMO_TRAFFIC.checkouts,
    });
  });

  it('make whole traces across both services', async () => {
    const { body } = await api<TransactionSummary>(
      'performance/summary?statsPeriod=1h&transaction=GET%20/checkout',
    );
    const traceId = body.slowestTraces[0]!.traceId;
    const trace = await api<TraceView>(`traces/${traceId}`);
    expect(trace.status).toBe(200);
    const text = JSON.stringify(trace.body);
    expect(text).toContain('payments');
    expect(text).toContain('GET /charge');
    expect(text).toContain('select * from carts where id = $1');
  });
});

describe('demo replay', () => {
  it("is in the storefront's replays, linked to the error it recorded", async () => {
    const { status, body } = await api<ReplayList>(`replays?project=${storefrontId}`);
    expect(status).toBe(200);
    expect(body.replays).toHaveLength(1);
    const [replay] = body.replays;
    expect(replay!.countErrors).toBe(1);
    expect(replay!.browser).toMatch(/Chrome/);
    expect(replay!.urls[0]).toMatch(/^https:\/\/shop\.example\//);
    // The session ended minutes ago, not when it was captured.
    expect(Date.now() - replay!.finishedAt! * (replay!.finishedAt! < 1e12 ? 1000 : 1)).toBeLessThan(
      60 * 60_000,
    );
  });

  it('moves every time of the recording by the same amount, SDK payloads in seconds', () => {
    const events = [
      { type: 2, timestamp: 1000, data: {} },
      { type: 5, timestamp: 2000, data: { tag: 'breadcrumb', payload: { timestamp: 2 } } },
      {
        type: 5,
        timestamp: 3000,
        data: { tag: 'performanceSpan', payload: { startTimestamp: 2.5, endTimestamp: 3 } },
      },
    ];
    const moved = shiftRecording(events, 60_000);
    expect(moved.map((e) => e.timestamp)).toEqual([61_000, 62_000, 63_000]);
    expect((moved[1]!.data as { payload: { timestamp: number } }).payload.timestamp).toBe(62);
    expect((moved[2]!.data as { payload: Record<string, number> }).payload).toEqual({
      startTimestamp: 62.5,
      endTimestamp: 63,
    });
    const { replayId, errorId, bodies } = demoReplayEnvelopes(Date.now());
    expect(bodies[0]!.toString()).toContain(`"replayId":"${replayId}"`);
    expect(bodies[1]!.toString()).toContain(`"error_ids":["${errorId}"]`);
  });
});
