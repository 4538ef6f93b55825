/**
 * A distributed trace through `/api/v1` in standalone mode: two HTTP services, each with the real
 * `@sentry/node` SDK and tracing on, call each other; their transactions reach the built-in store
 * and Dexter reads one trace with spans from both services, the callee's server span under the
 * caller's HTTP client span, and the callee's captured error pinned on the span it happened in.
 * Also the flattening alone (order, depth, descendants, a deep chain) and bad trace ids.
 */
import type { ErrorEnvelope, TraceView } from '@dexter/contracts';
import type { TraceItem } from '@dexter/sentry-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';
import { startTracedService, type TracedService } from '../../testing/traced-services';
import { flattenTrace } from './traces-service';

let dexter: TestDexter;
let viewer: TestClient;
let front: TracedService;
let payments: TracedService;
let checkout: { traceId: string; charge: { status: number; eventId: string } };

const get = async (path: string) => {
  const res = await viewer.request(`/api/v1/organizations/${dexter.bootstrap!.org}/${path}`);
  return { status: res.status, body: (await res.json()) as TraceView & ErrorEnvelope };
};

beforeAll(async () => {
  dexter = await startTestDexter();
  viewer = await dexter.clientAs('viewer', 'vic');
  const org = dexter.bootstrap!.org;
  const frontProject = await dexter.store!.admin.ensureProject(org, 'frontend', dexter.url);
  const paymentsProject = await dexter.store!.admin.ensureProject(org, 'payments', dexter.url);
  payments = await startTracedService('payments', paymentsProject.dsn);
  front = await startTracedService('frontend', frontProject.dsn, payments.url);
  checkout = (await (await fetch(`${front.url}/checkout`)).json()) as typeof checkout;
  await payments.flush();
  await front.flush();
}, 60_000);

afterAll(async () => {
  await Promise.all([front?.stop(), payments?.stop()]);
  await dexter?.close();
});

describe('GET /organizations/{org}/traces/{traceId}', () => {
  it('shows one trace with spans from both services, nested across the HTTP call', async () => {
    expect(checkout.charge.status).toBe(502);
    const { status, body } = await get(`traces/${checkout.traceId}`);
    expect(status).toBe(200);
    expect(body.traceId).toBe(checkout.traceId);
    expect(new Set(body.projects)).toEqual(new Set(['frontend', 'payments']));
    const root = body.spans[0]!;
    expect(root).toMatchObject({ depth: 0, project: 'frontend', op: 'http.server', isTransaction: true });
    expect(root.descendants).toBe(body.spans.length - 1);
    const client = body.spans.find((s) => s.project === 'frontend' && s.op === 'http.client');
    const callee = body.spans.find((s) => s.project === 'payments' && s.op === 'http.server');
    expect(client).toBeDefined();
    expect(callee).toMatchObject({ parentId: client!.id, depth: client!.depth + 1, isTransaction: true });
    // OpenTelemetry names HTTP spans by method alone; the store describes them by path or URL.
    expect(callee!.description).toBe('GET /charge');
    expect(callee!.transaction).toBe('GET /charge');
    expect(body.spans.find((s) => s.description === 'charge card')!.transaction).toBe('GET /charge');
    expect(client!.description).toMatch(/^GET /);
    expect(body.spans.find((s) => s.op === 'db.query')).toMatchObject({
      project: 'frontend',
      parentId: root.id,
    });
    // Rows are in display order: every row's parent comes before it.
    const seen = new Set<string>();
    for (const span of body.spans) {
      if (span.depth > 0) expect(seen.has(span.parentId!)).toBe(true);
      seen.add(span.id);
    }
  });

  it('pins the callee’s captured error on the span it was thrown in', async () => {
    const { body } = await get(`traces/${checkout.traceId}`);
    const charge = body.spans.find((s) => s.description === 'charge card')!;
    expect(charge).toMatchObject({ project: 'payments', op: 'function' });
    expect(charge.errors).toHaveLength(1);
    expect(charge.errors[0]).toMatchObject({
      eventId: checkout.charge.eventId,
      project: 'payments',
      spanId: charge.id,
    });
    expect(charge.errors[0]!.title).toMatch(/CardDeclinedError/);
    expect(body.errorCount).toBe(1);
    expect(body.orphanErrors).toEqual([]);
  });

  it('refuses a malformed trace id, naming it', async () => {
    const { status, body } = await get('traces/not-a-trace');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/traceId/);
  });
});

describe('flattenTrace', () => {
  const span = (id: string, start: number, children: TraceItem[] = []): TraceItem => ({
    event_type: 'span',
    event_id: id,
    project_slug: 'p',
    start_timestamp: start,
    end_timestamp: start + 1,
    children,
  });

  it('orders children by start and counts each row’s descendants', () => {
    const view = flattenTrace('t', [span('a', 0, [span('c', 0.5), span('b', 0.1, [span('d', 0.2)])])]);
    expect(view.spans.map((s) => [s.id, s.depth, s.descendants])).toEqual([
      ['a', 0, 3],
      ['b', 1, 1],
      ['d', 2, 0],
      ['c', 1, 0],
    ]);
    expect(view.start).toBe(0);
    expect(view.end).toBe(1500);
  });

  it('walks a 20,000-deep chain without overflowing the stack', () => {
    let item = span('leaf', 1);
    for (let i = 0; i < 20_000; i++) item = span(`s${i}`, 0, [item]);
    const view = flattenTrace('t', [item]);
    expect(view.spans).toHaveLength(20_001);
    expect(view.spans.at(-1)).toMatchObject({ id: 'leaf', depth: 20_000 });
  });
});
