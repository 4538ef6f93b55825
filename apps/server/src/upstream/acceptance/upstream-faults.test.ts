/**
 * Issue 3's acceptance: what users see when Sentry is slow, limiting, down or answering garbage,
 * through the real pipeline between Dexter and a fault-injecting proxy in front of the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultedSetup, seedIssues, startFaultedDexter } from '../../testing/faulted-dexter';

let setup: FaultedSetup;
let issueId: string;
const org = () => setup.store.org;

beforeAll(async () => {
  // A high breaker threshold: these faults are one-offs; the breaker has its own test below.
  setup = await startFaultedDexter({ DEXTER_BREAKER_FAILURES: '100' });
  await seedIssues(setup.store, 5);
  const res = await setup.store.api(`/api/0/organizations/${org()}/issues/?query=`);
  issueId = ((await res.json()) as Array<{ id: string }>)[0]!.id;
}, 60_000);
afterAll(() => setup.close());

const listOn = (target: FaultedSetup, query: string) =>
  target.dexter.request(
    `/api/v1/organizations/${target.store.org}/issues?query=${encodeURIComponent(query)}`,
  );
const list = (query: string) => listOn(setup, query);

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('upstream pipeline under faults', () => {
  it('answers 1,000 concurrent identical GETs with exactly one upstream call', async () => {
    setup.proxy.setFault(() => ({ kind: 'latency', ms: 150 }));
    const before = setup.upstreamCalls('GET', `/organizations/${org()}/issues/`);
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () => list('is:unresolved level:error')),
    );
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(responses.every((res) => res.status === 200)).toBe(true);
    expect(setup.upstreamCalls('GET', `/organizations/${org()}/issues/`) - before).toBe(1);
    expect(responses[999]!.headers.get('x-dexter-cache')).toMatch(/hit|miss/);
  }, 60_000);

  it('sends nothing upstream after a 429 until Sentry’s reset time', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) + 2;
    let limited = false;
    setup.proxy.setFault(({ method }) => {
      if (method === 'GET' && !limited) {
        limited = true;
        return { kind: 'rate-limit', resetAt };
      }
      return { kind: 'pass' };
    });
    const started = setup.proxy.forwarded.length;
    const first = list('first after limit');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = list('second after limit');
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const afterLimit = setup.proxy.forwarded.slice(started);
    expect(afterLimit.length).toBeGreaterThanOrEqual(2);
    for (const call of afterLimit) expect(call.at).toBeGreaterThanOrEqual(resetAt * 1000);
    setup.proxy.setFault(() => ({ kind: 'pass' }));
  }, 30_000);

  it('never sends a mutation twice, even when the connection breaks', async () => {
    for (const fault of [{ kind: 'reset' } as const, { kind: 'status', status: 503 } as const]) {
      setup.proxy.setFault(({ method }) => (method === 'PUT' ? fault : { kind: 'pass' }));
      const before = setup.proxy.received.filter((r) => r.method === 'PUT').length;
      const res = await setup.dexter.request(`/api/v1/organizations/${org()}/issues/${issueId}`, {
        method: 'PUT',
        body: JSON.stringify({ status: 'resolved' }),
      });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(setup.proxy.received.filter((r) => r.method === 'PUT').length - before).toBe(1);
    }
    setup.proxy.setFault(() => ({ kind: 'pass' }));
  });

  it.each([
    ['an HTML page', { kind: 'html' } as const, 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE'],
    ['garbage', { kind: 'garbage' } as const, 'DEXTER_ERR_UPSTREAM_BAD_RESPONSE'],
  ])('turns %s from Sentry into a clear 502', async (_name, fault, code) => {
    setup.proxy.setFault(() => fault);
    const res = await setup.dexter.request(`/api/v1/organizations/${org()}/issues/${issueId}`);
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(res.status).toBe(502);
    expect(await errorCode(res)).toBe(code);
  });

  it('turns a truncated body into a clear 5xx and keeps serving', async () => {
    setup.proxy.setFault(() => ({ kind: 'truncate' }));
    const res = await setup.dexter.request(`/api/v1/organizations/${org()}/issues/${issueId}?truncated=1`);
    setup.proxy.setFault(() => ({ kind: 'pass' }));
    expect(res.status).toBeGreaterThanOrEqual(502);
    expect(await errorCode(res)).toMatch(/^DEXTER_ERR_UPSTREAM_/);
    expect((await setup.dexter.request('/healthz')).status).toBe(200);
  });
});

describe('circuit breaker', () => {
  let down: FaultedSetup;
  let downIssueId: string;
  beforeAll(async () => {
    down = await startFaultedDexter({ DEXTER_BREAKER_FAILURES: '3', DEXTER_BREAKER_RESET_MS: '400' });
    await seedIssues(down.store, 2);
    const res = await down.store.api(`/api/0/organizations/${down.store.org}/issues/?query=`);
    downIssueId = ((await res.json()) as Array<{ id: string }>)[0]!.id;
  });
  afterAll(() => down.close());

  it('opens the breaker when Sentry is down, answers cached reads as stale, fails fast, and recovers', async () => {
    // Warm the cache, then make the entry outdated with a mutation (tag invalidation): a bookmark
    // may move an issue into any list, so it drops them all. Sentry's list reads fail from then on,
    // so the refresh-ahead that follows the change cannot renew the entry either.
    expect((await listOn(down, 'warm me')).status).toBe(200);
    down.proxy.setFault(({ method, path }) =>
      method === 'GET' && /\/issues\/(\?|$)/.test(path) ? { kind: 'status', status: 503 } : { kind: 'pass' },
    );
    const put = await down.dexter.request(`/api/v1/organizations/${down.store.org}/issues/${downIssueId}`, {
      method: 'PUT',
      body: JSON.stringify({ isBookmarked: true }),
    });
    expect(put.status).toBe(200);

    down.proxy.setFault(() => ({ kind: 'status', status: 503 }));
    for (let i = 0; i < 3; i++) expect((await listOn(down, `down ${i}`)).status).toBeGreaterThanOrEqual(502);

    const started = performance.now();
    const fast = await listOn(down, 'never cached');
    const elapsed = performance.now() - started;
    expect(fast.status).toBe(503);
    expect(await errorCode(fast)).toBe('DEXTER_ERR_UPSTREAM_UNAVAILABLE');
    expect(elapsed).toBeLessThan(50);

    const cached = await listOn(down, 'warm me');
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-dexter-cache')).toBe('stale');

    down.proxy.setFault(() => ({ kind: 'pass' }));
    await expect
      .poll(async () => (await listOn(down, `recovered ${Math.random()}`)).status, {
        timeout: 5_000,
        interval: 200,
      })
      .toBe(200);
    const fresh = await listOn(down, 'after recovery');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-dexter-cache')).toBe('miss');
  }, 30_000);
});
