/**
 * Discover through Dexter in both modes over the same events: a standalone Dexter (its built-in
 * store) and a second Dexter in companion mode whose "Sentry" is the first one's store, reached
 * through a fault proxy that plays an older Sentry refusing `dataset=errors`. The same queries
 * must return the same rows either way; the companion must have found `discover` by its probe;
 * a series must reach the upstream as two calls (older buckets and the last hour); a bad query
 * is a 400 naming the parameter before any upstream call.
 */
import { envelopeOf, postEnvelope, testEvent } from '@dexter/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../testing/fault-proxy';
import type { TestClient } from '../../testing/test-client';
import { startTestDexter, type TestDexter } from '../../testing/test-dexter';

const HOUR = 3_600_000;
let standalone: TestDexter;
let companion: TestDexter;
let proxy: FaultProxy;
let viewers: { standalone: TestClient; companion: TestClient };
let org: string;

beforeAll(async () => {
  standalone = await startTestDexter();
  const { org: slug, token, projects } = standalone.bootstrap!;
  org = slug;
  const project = projects[0]!;
  for (let i = 0; i < 36; i++) {
    const event = testEvent({
      at: Date.now() - 30 * HOUR + i * 50 * 60_000,
      fingerprint: [`bug-${i % 4}`],
      environment: i % 3 === 0 ? 'staging' : 'production',
      tags: { shard: `s${i % 5}`, ms: String((i * 37) % 400) },
      ...(i % 4 === 0 ? {} : { userId: `u${i % 7}` }),
    });
    const res = await postEnvelope(
      standalone.url,
      project.id,
      new URL(project.dsn).username,
      envelopeOf(event),
    );
    expect(res.status).toBe(200);
  }
  proxy = await startFaultProxy(standalone.listenUrl);
  // An older Sentry: it knows Discover as `dataset=discover` and refuses `errors`.
  proxy.setFault((req) =>
    /[?&]dataset=errors(&|$)/.test(req.path)
      ? { kind: 'status', status: 400, body: JSON.stringify({ detail: 'Invalid dataset' }) }
      : { kind: 'pass' },
  );
  companion = await startTestDexter({
    SENTRY_URL: proxy.url,
    SENTRY_TOKEN: token,
    SENTRY_ORG: slug,
    DEXTER_ALLOW_PRIVATE_URLS: 'true',
    DEXTER_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  viewers = {
    standalone: await standalone.clientAs('viewer'),
    companion: await companion.clientAs('viewer'),
  };
}, 120_000);

afterAll(async () => {
  await companion?.close();
  await proxy?.close();
  await standalone?.close();
});

async function both<T>(path: string): Promise<{ standalone: T; companion: T }> {
  const answers = await Promise.all(
    [viewers.standalone, viewers.companion].map(async (client) => {
      const res = await client.request(`/api/v1/organizations/${org}/discover/${path}`);
      const body = await res.json();
      expect(res.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      return body as T;
    }),
  );
  return { standalone: answers[0]!, companion: answers[1]! };
}

type Table = {
  data: Array<Record<string, unknown>>;
  meta: { fields: Record<string, string> };
  dataset: string | null;
};

describe('the same query in both modes', () => {
  const tables = [
    'field=shard&field=count()&field=count_unique(user)&field=last_seen()&statsPeriod=2d',
    'field=environment&field=count()&statsPeriod=2d&sort=environment',
    'field=shard&field=count_if(tags[ms,number],greater,200)&field=p50(tags[ms,number])&query=shard:[s1,s2]&statsPeriod=2d&sort=shard',
    'field=id&field=timestamp&field=shard&statsPeriod=2d&per_page=20',
  ];
  for (const query of tables) {
    it(`events: ${query}`, async () => {
      const answer = await both<Table>(`events?${query}`);
      expect(answer.companion.data).toEqual(answer.standalone.data);
      expect(answer.companion.meta).toEqual(answer.standalone.meta);
      expect(answer.standalone.data.length).toBeGreaterThan(0);
      expect([answer.standalone.dataset, answer.companion.dataset]).toEqual(['errors', 'discover']);
    });
  }

  it('counts what was sent', async () => {
    const { standalone: table } = await both<Table>(
      'events?field=count()&field=count_unique(user)&statsPeriod=2d',
    );
    expect(table.data).toEqual([{ 'count()': 36, 'count_unique(user)': 7 }]);
  });

  it('series: the older buckets and the last hour as two upstream calls, stitched', async () => {
    const before = proxy.forwarded.filter((r) => r.path.includes('/events-stats/')).length;
    const answer = await both<{ data: Array<[number, Array<{ count: number }>]> }>(
      'events-stats?yAxis=count()&statsPeriod=2d&interval=1h',
    );
    expect(answer.companion.data).toEqual(answer.standalone.data);
    expect(answer.standalone.data).toHaveLength(49);
    expect(answer.standalone.data.reduce((sum, [, [point]]) => sum + point!.count, 0)).toBe(36);
    const calls = proxy.forwarded.filter((r) => r.path.includes('/events-stats/')).slice(before);
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => /[?&]start=/.test(call.path) && /[?&]end=/.test(call.path))).toBe(true);
  });

  it('series with top events, picked by orderby', async () => {
    const answer = await both<Record<string, { data: unknown[]; order: number }>>(
      'events-stats?yAxis=count()&field=shard&field=count()&topEvents=2&orderby=shard&statsPeriod=2d&interval=6h',
    );
    // The series and their order; each answer's start and end are its own request's moment.
    const seriesOf = (groups: Record<string, { data: unknown[]; order: number }>) =>
      Object.fromEntries(Object.entries(groups).map(([name, { data, order }]) => [name, { data, order }]));
    expect(seriesOf(answer.companion)).toEqual(seriesOf(answer.standalone));
    // Ordered by the shard's name, not by count: s0 and s1 on top, the other three as Other.
    const byOrder = Object.entries(answer.standalone).sort(([, a], [, b]) => a.order - b.order);
    expect(byOrder.map(([name]) => name)).toEqual(['s0', 's1', 'Other']);
  });

  it('reads issue:<short id> as Sentry does, in both modes', async () => {
    const shortId = `${standalone.bootstrap!.projects[0]!.slug.toUpperCase()}-1`;
    const answer = await both<Table>(
      `events?field=issue.id&field=count()&query=issue:${shortId}&statsPeriod=2d`,
    );
    expect(answer.companion.data).toEqual(answer.standalone.data);
    // bug-0 is the first issue: every fourth of the 36 events.
    expect(answer.standalone.data).toEqual([{ 'issue.id': expect.anything(), 'count()': 9 }]);
    const none = await both<Table>('events?field=count()&query=issue:NOPE-1&statsPeriod=2d');
    expect(none.standalone.data).toEqual([{ 'count()': 0 }]);
  });

  it('lists the environments Discover and dashboards offer, from the projects, in both modes', async () => {
    const lists = await Promise.all(
      [viewers.standalone, viewers.companion].map(async (client) => {
        const res = await client.request(`/api/v1/organizations/${org}/projects`);
        const body = (await res.json()) as { projects: Array<{ environments?: string[] }> };
        return body.projects.flatMap((project) => project.environments ?? []).sort();
      }),
    );
    expect(lists).toEqual([
      ['production', 'staging'],
      ['production', 'staging'],
    ]);
  });

  it('refuses a bad query naming the parameter, without an upstream call', async () => {
    const before = proxy.received.length;
    const res = await viewers.companion.request(
      `/api/v1/organizations/${org}/discover/events?field=counts()`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.message).toMatch(/^Invalid field: "counts\(\)"/);
    expect(body.error.details).toEqual({ parameter: 'field', code: 'unknown-function' });
    expect(proxy.received.length).toBe(before);
  });
});
