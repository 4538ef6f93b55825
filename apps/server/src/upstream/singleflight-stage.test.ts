import type { Transport, UpstreamRequest, UpstreamResponse } from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createSingleflightStage } from './singleflight-stage';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const list = (
  query: UpstreamRequest['query'] = { query: 'is:unresolved', sort: 'date' },
): UpstreamRequest => ({
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
  query,
});

/** An upstream that holds every call until the test releases it. */
function gatedUpstream() {
  const calls: UpstreamRequest[] = [];
  const gates: Array<ReturnType<typeof deferred<UpstreamResponse>>> = [];
  const transport: Transport = (req) => {
    calls.push(req);
    const gate = deferred<UpstreamResponse>();
    gates.push(gate);
    return gate.promise;
  };
  return { calls, gates, transport };
}

const ok = (body: unknown): UpstreamResponse => ({ status: 200, headers: { 'x-hits': '2' }, body });

describe('singleflight stage in one process', () => {
  it('makes exactly one upstream call for 1,000 concurrent identical GETs, and gives each caller its own copy', async () => {
    const upstream = gatedUpstream();
    const onJoin = vi.fn();
    const shared = createSingleflightStage({ identity: 'sentry#a', onJoin })(upstream.transport);

    // Half of them list the same parameters in another order: still the same request.
    const pending = Array.from({ length: 1_000 }, (_, i) =>
      shared(i % 2 ? list() : list({ sort: 'date', query: 'is:unresolved' })),
    );
    expect(upstream.calls).toHaveLength(1);
    expect(onJoin).toHaveBeenCalledTimes(999);
    expect(onJoin).toHaveBeenCalledWith('issues.list', 'local');

    upstream.gates[0]?.resolve(ok([{ id: '1', title: 'TypeError' }]));
    const results = await Promise.all(pending);
    expect(upstream.calls).toHaveLength(1);
    expect(results.every((r) => JSON.stringify(r.body) === '[{"id":"1","title":"TypeError"}]')).toBe(true);

    const bodyOf = (i: number) => results[i]?.body as Array<{ title: string }>;
    bodyOf(0)[0]!.title = 'mutated by one caller';
    expect(bodyOf(1)[0]?.title).toBe('TypeError');
    expect(new Set(results).size).toBe(1_000);
  });

  it('shares an error with the callers already waiting, then lets the next call try again', async () => {
    const upstream = gatedUpstream();
    const shared = createSingleflightStage({ identity: 'sentry#a' })(upstream.transport);
    const first = shared(list());
    const second = shared(list());
    const failure = new Error('502');
    upstream.gates[0]?.reject(failure);
    await expect(first).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);

    const third = shared(list());
    expect(upstream.calls).toHaveLength(2);
    upstream.gates[1]?.resolve(ok('fine'));
    expect((await third).body).toBe('fine');
  });

  it('keeps different requests and different identities apart', async () => {
    const upstream = gatedUpstream();
    const a = createSingleflightStage({ identity: 'sentry#a' })(upstream.transport);
    const b = createSingleflightStage({ identity: 'sentry#b' })(upstream.transport);
    void a(list());
    void a(list({ query: 'is:resolved' }));
    void b(list());
    expect(upstream.calls).toHaveLength(3);
  });

  it('passes mutations straight through, never sharing them', async () => {
    const upstream = gatedUpstream();
    const shared = createSingleflightStage({ identity: 'sentry#a' })(upstream.transport);
    const put: UpstreamRequest = { ...list(), method: 'PUT', body: { status: 'resolved' } };
    void shared(put);
    void shared(put);
    expect(upstream.calls).toHaveLength(2);
    expect(upstream.calls[0]).toBe(put);
  });

  it('rejects only the caller that aborts, and aborts upstream once every caller has', async () => {
    const upstream = gatedUpstream();
    const shared = createSingleflightStage({ identity: 'sentry#a' })(upstream.transport);
    const callerA = new AbortController();
    const callerB = new AbortController();
    const a = shared({ ...list(), signal: callerA.signal });
    const b = shared({ ...list(), signal: callerB.signal });
    const upstreamSignal = upstream.calls[0]?.signal;

    callerA.abort(new Error('A left'));
    await expect(a).rejects.toThrow('A left');
    expect(upstreamSignal?.aborted).toBe(false);

    callerB.abort(new Error('B left'));
    await expect(b).rejects.toThrow('B left');
    expect(upstreamSignal?.aborted).toBe(true);

    // A new caller does not join the abandoned flight.
    void shared(list());
    expect(upstream.calls).toHaveLength(2);
  });

  it('requires the shared cache store when Redis is configured', () => {
    expect(() =>
      createSingleflightStage({
        identity: 'x',
        // Never contacted: the constructor refuses before using it.
        redis: { client: {} as never, subscriber: {} as never, lockTtlMs: 1, waitTimeoutMs: 1 },
      }),
    ).toThrow(/needs the shared `cacheStore`/);
  });
});
