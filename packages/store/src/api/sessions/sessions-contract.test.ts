/**
 * `/sessions/` answers validate against "Query Sessions" in Sentry's OpenAPI spec, and their
 * numbers are the sessions sent: 4 sessions of release r@1 (1 crashed, 1 errored, 2 healthy)
 * from 3 users, one of whom crashed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId, postEnvelope } from '../../testing/envelopes';
import { describeErrors, responseValidator } from '../../testing/openapi-validator';
import { type StoreServer, startStoreServer } from '../../testing/store-harness';

const SPEC_PATH = '/api/0/organizations/{organization_id_or_slug}/sessions/';
let server: StoreServer;

interface SessionsAnswer {
  intervals: string[];
  groups: Array<{
    by: Record<string, string>;
    totals: Record<string, number | null>;
    series: Record<string, unknown[]>;
  }>;
}

beforeAll(async () => {
  server = await startStoreServer();
  const started = new Date(Date.now() - 60_000).toISOString();
  const sessions: Array<[string, string, number]> = [
    ['u1', 'crashed', 1],
    ['u2', 'exited', 1],
    ['u2', 'exited', 0],
    ['u3', 'ok', 0],
  ];
  const lines = [JSON.stringify({ event_id: newEventId() })];
  for (const [did, status, errors] of sessions) {
    const attrs = { release: 'r@1', environment: 'production' };
    lines.push(JSON.stringify({ type: 'session' }));
    lines.push(JSON.stringify({ sid: randomUUID(), did, init: true, status, errors, started, attrs }));
  }
  const res = await postEnvelope(server.url, server.projectId, server.publicKey, lines.join('\n'));
  expect(res.status).toBe(200);
});
afterAll(() => server.close());

async function query(params: string, status = 200): Promise<SessionsAnswer> {
  const res = await server.api(`/api/0/organizations/${server.org}/sessions/?${params}`);
  const body = (await res.json()) as SessionsAnswer;
  expect(res.status, JSON.stringify(body)).toBe(status);
  if (status === 200) {
    const validate = responseValidator('GET', SPEC_PATH, '200');
    expect(validate(body), describeErrors(validate.errors)).toBe(true);
  }
  return body;
}

describe('GET /organizations/{org}/sessions/', () => {
  it('sums sessions by session.status', async () => {
    const body = await query('field=sum(session)&groupBy=session.status&statsPeriod=24h&interval=1h');
    const totals = Object.fromEntries(
      body.groups.map((g) => [g.by['session.status'], g.totals['sum(session)']]),
    );
    expect(totals).toEqual({ healthy: 2, errored: 1, crashed: 1, abnormal: 0 });
    expect(body.intervals.length).toBeGreaterThanOrEqual(24);
  });

  it('gives crash-free rates per release and environment as 0–1 ratios', async () => {
    const body = await query(
      'field=crash_free_rate(session)&field=crash_free_rate(user)&field=count_unique(user)&groupBy=release&groupBy=environment&statsPeriod=1d&interval=1d',
    );
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]!.by).toEqual({ release: 'r@1', environment: 'production' });
    expect(body.groups[0]!.totals['crash_free_rate(session)']).toBeCloseTo(0.75);
    expect(body.groups[0]!.totals['crash_free_rate(user)']).toBeCloseTo(2 / 3);
    expect(body.groups[0]!.totals['count_unique(user)']).toBe(3);
  });

  it('refuses what it cannot answer instead of guessing', async () => {
    await query('field=avg(session.duration)', 400);
    await query('field=count_unique(user)&groupBy=release', 400);
    await query('field=sum(session)&interval=7m', 400);
  });
});
