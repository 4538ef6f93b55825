/**
 * The issue context facade: every part in one response, fetched in parallel; a part that fails
 * upstream says why while the others still arrive.
 */
import type { IssueContext } from '@dexter/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultedSetup, seedIssues, startFaultedDexter } from '../../testing/faulted-dexter';

let setup: FaultedSetup;
let issueId: string;
/** Issues no test has fetched yet, so nothing about them is cached. */
let untouched: string[];

beforeAll(async () => {
  setup = await startFaultedDexter({ DEXTER_BREAKER_FAILURES: '100' });
  await seedIssues(setup.store, 3);
  await seedIssues(setup.store, 1);
  const res = await setup.store.api(`/api/0/organizations/${setup.store.org}/issues/?query=&sort=freq`);
  const ids = ((await res.json()) as Array<{ id: string }>).map((issue) => issue.id);
  issueId = ids[0]!;
  untouched = ids.slice(1);
}, 60_000);
afterAll(() => setup.close());

const contextPath = (id: string) => `/api/v1/organizations/${setup.store.org}/issues/${id}/context`;

describe('GET /issues/{id}/context', () => {
  it('returns issue, latest event, tags, events, stats and activity together', async () => {
    const res = await setup.dexter.request(contextPath(issueId));
    expect(res.status).toBe(200);
    const body = (await res.json()) as IssueContext;
    expect(body.issue).toMatchObject({ ok: true, data: { id: issueId, count: 2 } });
    expect(body.latestEvent.ok && body.latestEvent.data?.exceptions[0]?.type).toBe('Error');
    expect(body.tags.ok && body.tags.data.map((t) => t.key)).toContain('environment');
    expect(body.events.ok && body.events.data.events).toHaveLength(2);
    expect(body.stats.ok && body.stats.data['24h'].reduce((sum, [, n]) => sum + n, 0)).toBe(2);
    expect(body.activity.ok && body.activity.data.map((a) => a.type)).toContain('first_seen');
  });

  it('fetches the parts in parallel: about one round trip of upstream latency, not six', async () => {
    setup.proxy.setFault(() => ({ kind: 'latency', ms: 300 }));
    const started = performance.now();
    const res = await setup.dexter.request(contextPath(untouched[0]!));
    const elapsed = performance.now() - started;
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(res.status).toBe(200);
    // One round trip is 300 ms; six sequential calls would take 1.8 s.
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(900);
  });

  it('reports a failed part with its reason and still returns the rest', async () => {
    setup.proxy.setFault(({ path }) => (path.includes('/tags/') ? { kind: 'html' } : { kind: 'pass' }));
    const res = await setup.dexter.request(contextPath(untouched[1]!));
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as IssueContext;
    expect(body.tags.ok).toBe(false);
    if (!body.tags.ok) expect(body.tags.error.code).toBe('DEXTER_ERR_UPSTREAM_BAD_RESPONSE');
    expect(body.issue.ok).toBe(true);
    expect(body.latestEvent.ok).toBe(true);
  });

  it('answers 404 when the issue does not exist', async () => {
    const res = await setup.dexter.request(contextPath('987654321'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DEXTER_ERR_NOT_FOUND');
  });
});
