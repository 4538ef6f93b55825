/**
 * A metric rule's query narrows what the store counts, in the schedule and its preview alike (one
 * reader): head fields, tags, negation, wildcards and OR; what the store cannot evaluate is refused
 * naming `query`, and the rule is not stored.
 */
import type { MetricAlertRule } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, postEnvelope, testEvent } from '../../testing/envelopes';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

let server: StoreServer;
let project = '';

beforeAll(async () => {
  server = await startStoreServer();
  project = (
    await server.store.db
      .selectFrom('projects')
      .select('slug')
      .where('id', '=', Number(server.projectId))
      .executeTakeFirstOrThrow()
  ).slug;
  const events = [
    testEvent({ level: 'error', tags: { route: '/checkout/pay' } }),
    testEvent({ level: 'error', tags: { route: '/checkout/cart' } }),
    testEvent({ level: 'error', tags: { route: '/search' } }),
    testEvent({ level: 'warning', tags: { route: '/checkout/pay' } }),
    testEvent({ level: 'error', environment: 'staging', release: 'shop@2.0.0' }),
  ];
  for (const event of events) {
    const response = await postEnvelope(server.url, server.projectId, server.publicKey, envelopeOf(event));
    expect(response.status).toBe(200);
  }
  await server.store.drain();
});
afterAll(() => server.close());

const rule = (query: string): MetricAlertRule => ({
  name: 'q',
  enabled: true,
  environment: null,
  query,
  aggregate: 'event_count',
  windowMinutes: 60,
  detection: { type: 'static' },
  direction: 'above',
  critical: 100,
  warning: null,
  resolve: null,
  actions: [{ type: 'in_app' }],
});

async function counted(query: string): Promise<number | null> {
  const preview = await server.store.alerts.previewMetric(server.org, project, rule(query));
  return preview?.points.at(-1)?.[1] ?? null;
}

describe('metric rule queries in the store', () => {
  it('count only the matching events', async () => {
    expect(await counted('')).toBe(5);
    expect(await counted('level:error')).toBe(4);
    expect(await counted('level:error route:/checkout*')).toBe(2);
    expect(await counted('!route:/search level:error environment:production')).toBe(2);
    expect(await counted('environment:staging OR route:/search')).toBe(2);
    expect(await counted('release:shop@2.0.0 has:route')).toBe(0);
  });

  it('refuse what they cannot evaluate, naming the field, and store nothing', async () => {
    const body = {
      name: 'Checkout errors',
      aggregate: 'failure_rate()',
      dataset: 'transactions',
      query: 'transaction:/checkout',
      timeWindow: 60,
      projects: [project],
      thresholdType: 0,
      triggers: [
        {
          label: 'critical',
          alertThreshold: 0.05,
          actions: [{ type: 'sentry_app', sentryAppId: 1, settings: [{ name: 'kind', value: 'in_app' }] }],
        },
      ],
    };
    const refused = await server.api(`/api/0/organizations/${server.org}/alert-rules/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(refused.status).toBe(400);
    expect(Object.keys((await refused.json()) as object)).toEqual(['query']);
    const free = await server.api(`/api/0/organizations/${server.org}/alert-rules/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, aggregate: 'count()', dataset: 'events', query: 'timeout error' }),
    });
    expect(free.status).toBe(400);
    expect(await free.json()).toEqual({ query: [expect.stringContaining('free text')] });
    const listed = await server.api(`/api/0/organizations/${server.org}/alert-rules/`);
    expect(await listed.json()).toEqual([]);
  });
});
