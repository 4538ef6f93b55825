import {
  SentryNotFoundError,
  SentryServerError,
  type Transport,
  type UpstreamRequest,
  type UpstreamResponse,
} from '@dexter/sentry-client';
import { describe, expect, it, vi } from 'vitest';
import { createCacheStage } from './cache-stage';
import { type CacheStore, createMemoryCacheStore } from './cache-store';
import { createManualClock } from './clock';
import { parseOperationTable } from './operation-table';
import { type CacheOutcome, runWithUpstreamContext } from './request-context';

const TTL = 10_000;
const STALE_FOR = 20_000;
const HARD_MAX = 86_400_000;

const table = parseOperationTable(`
cacheClasses:
  detail: { ttl: 10s, staleFor: 20s }
upstream:
  issues.list:
    sentry: GET /api/0/organizations/{org}/issues/
    cache: { class: detail, tags: [issues] }
  issues.get:
    sentry: GET /api/0/organizations/{org}/issues/{issue_id}/
    cache: { class: detail, tags: ['issue:{issue_id}'] }
  issues.update:
    sentry: PUT /api/0/organizations/{org}/issues/{issue_id}/
    invalidates: [issues, 'issue:{issue_id}']
  issues.stats:
    sentry: GET /api/0/organizations/{org}/issues-stats/
`);

const list = (query: UpstreamRequest['query'] = {}): UpstreamRequest => ({
  operation: 'issues.list',
  method: 'GET',
  path: '/api/0/organizations/acme/issues/',
  query,
});
const issue = (id: number): UpstreamRequest => ({
  operation: 'issues.get',
  method: 'GET',
  path: `/api/0/organizations/acme/issues/${id}/`,
});
const update = (id: number): UpstreamRequest => ({
  operation: 'issues.update',
  method: 'PUT',
  path: `/api/0/organizations/acme/issues/${id}/`,
  body: { status: 'resolved' },
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const errorContext = { operation: 'issues.list', method: 'GET', path: '/api/0/x/' } as const;
const serverError = () =>
  new SentryServerError({ ...errorContext, status: 502, detail: null, bodySnippet: null, rateLimit: {} });
const notFound = () =>
  new SentryNotFoundError({ ...errorContext, status: 404, detail: null, bodySnippet: null, rateLimit: {} });

/** A Sentry stand-in: counts calls and answers `{ call: n }` unless told otherwise. */
function setup(options: { store?: CacheStore; identity?: string; refreshAhead?: boolean } = {}) {
  const clock = createManualClock(1_000_000);
  const calls: UpstreamRequest[] = [];
  let answer: (req: UpstreamRequest, n: number) => Promise<UpstreamResponse> = async (_req, n) => ({
    status: 200,
    headers: { 'x-hits': String(n), 'x-sentry-rate-limit-remaining': '1' },
    body: { call: n },
  });
  const upstream: Transport = (req) => {
    calls.push(req);
    return answer(req, calls.length);
  };
  const store = options.store ?? createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000, clock });
  const onError = vi.fn();
  const onStale = vi.fn();
  const stage = createCacheStage({
    table,
    store,
    clock,
    identity: options.identity ?? 'https://sentry.example#token',
    metrics: { onStale },
    onError,
    refreshAhead: options.refreshAhead ?? false,
  });
  const cached = stage(upstream);
  async function call(req: UpstreamRequest): Promise<{ body: unknown; outcome: CacheOutcome | undefined }> {
    const outcomes: CacheOutcome[] = [];
    const res = await runWithUpstreamContext({ cacheOutcomes: outcomes }, () => cached(req));
    expect(outcomes.length).toBe(1);
    return { body: res.body, outcome: outcomes[0] };
  }
  return {
    clock,
    calls,
    stage,
    cached,
    call,
    store,
    onError,
    onStale,
    answerWith(fn: typeof answer) {
      answer = fn;
    },
  };
}

describe('cache stage freshness', () => {
  it('answers hit before the TTL, stale from the TTL, and misses once the stale window has passed', async () => {
    const t = setup();
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'miss' });
    await t.clock.advance(TTL - 1);
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'hit' });
    expect(t.calls).toHaveLength(1);

    await t.clock.advance(1);
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'stale' });
    await t.stage.whenIdle();
    expect(t.calls).toHaveLength(2);

    // The refresh was stored when it was sent (now): fresh for another TTL.
    await t.clock.advance(TTL - 1);
    expect(await t.call(list())).toEqual({ body: { call: 2 }, outcome: 'hit' });
    await t.clock.advance(TTL + STALE_FOR - (TTL - 1) - 1);
    expect((await t.call(list())).outcome).toBe('stale');
    await t.stage.whenIdle();
    await t.clock.advance(TTL + STALE_FOR);
    expect(await t.call(list())).toEqual({ body: { call: 4 }, outcome: 'miss' });
  });

  it('misses at exactly ttl + staleFor of an entry no refresh has replaced', async () => {
    const t = setup();
    await t.call(list());
    t.answerWith(async () => {
      throw notFound();
    });
    await t.clock.advance(TTL + STALE_FOR - 1);
    expect((await t.call(list())).outcome).toBe('stale');
    await t.stage.whenIdle();
    t.answerWith(async (_req, n) => ({ status: 200, headers: {}, body: { call: n } }));
    await t.clock.advance(1);
    expect(await t.call(list())).toEqual({ body: { call: 3 }, outcome: 'miss' });
  });

  it('runs exactly one background refresh however many stale reads arrive', async () => {
    const t = setup();
    await t.call(list());
    await t.clock.advance(TTL);
    const gate = deferred<UpstreamResponse>();
    t.answerWith(() => gate.promise);

    const reads = await Promise.all([t.call(list()), t.call(list()), t.call(list())]);
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'stale' });
    expect(reads.map((r) => r.outcome)).toEqual(['stale', 'stale', 'stale']);
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]).toMatchObject({ priority: 'background', signal: undefined });

    gate.resolve({ status: 200, headers: {}, body: { call: 'refreshed' } });
    await t.stage.whenIdle();
    expect(await t.call(list())).toEqual({ body: { call: 'refreshed' }, outcome: 'hit' });
    expect(t.calls).toHaveLength(2);
  });

  it('reports a failed refresh, keeps answering stale, and refreshes again on the next read', async () => {
    const t = setup();
    await t.call(list());
    await t.clock.advance(TTL);
    t.answerWith(async () => {
      throw serverError();
    });
    expect((await t.call(list())).outcome).toBe('stale');
    await t.stage.whenIdle();
    expect(t.onError).toHaveBeenCalledWith(expect.any(SentryServerError), {
      operation: 'issues.list',
      phase: 'refresh',
    });
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'stale' });
    await t.stage.whenIdle();
    expect(t.calls).toHaveLength(3);
    expect(t.onStale).toHaveBeenCalledTimes(2);
  });

  it('keys by the set of parameters, not their order, and by identity', async () => {
    const store = createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000 });
    const t = setup({ store });
    await t.call(list({ query: 'is:unresolved', sort: 'date' }));
    expect((await t.call(list({ sort: 'date', query: 'is:unresolved' }))).outcome).toBe('hit');
    expect((await t.call(list({ sort: 'new', query: 'is:unresolved' }))).outcome).toBe('miss');

    const other = setup({ store, identity: 'https://other.example#token' });
    expect((await other.call(list({ query: 'is:unresolved', sort: 'date' }))).outcome).toBe('miss');
  });

  it('hands each caller its own copy of a cached answer', async () => {
    const t = setup();
    await t.call(list());
    const first = await t.cached(list());
    (first.body as { call: unknown }).call = 'mutated';
    expect((await t.call(list())).body).toEqual({ call: 1 });
  });

  it('keeps pagination headers in the cache and drops per-exchange ones', async () => {
    const t = setup();
    await t.cached(list());
    expect((await t.cached(list())).headers).toEqual({ 'x-hits': '1' });
  });
});

describe('cache stage invalidation', () => {
  it('a successful mutation invalidates the answers tagged with what it changed, and only those', async () => {
    const t = setup();
    await t.call(list());
    await t.call(issue(42));
    await t.call(issue(43));

    await t.call(update(42));
    expect((await t.call(list())).outcome).toBe('miss');
    expect((await t.call(issue(42))).outcome).toBe('miss');
    expect((await t.call(issue(43))).outcome).toBe('hit');
  });

  it('a failed mutation invalidates nothing', async () => {
    const t = setup();
    await t.call(issue(42));
    t.answerWith(async () => {
      throw serverError();
    });
    await expect(t.cached(update(42))).rejects.toBeInstanceOf(SentryServerError);
    expect((await t.call(issue(42))).outcome).toBe('hit');
  });

  it('an answer fetched while a mutation lands is not trusted afterwards', async () => {
    const t = setup();
    const gate = deferred<UpstreamResponse>();
    t.answerWith((req) =>
      req.method === 'GET' ? gate.promise : Promise.resolve({ status: 200, headers: {}, body: null }),
    );
    const read = t.call(issue(42));
    await vi.waitFor(() => expect(t.calls).toHaveLength(1));
    await t.call(update(42));
    gate.resolve({ status: 200, headers: {}, body: { before: 'the update' } });
    expect(await read).toEqual({ body: { before: 'the update' }, outcome: 'miss' });
    expect((await t.call(issue(42))).outcome).toBe('miss');
  });

  it('never sends a mutation whose invalidation tags cannot be computed', async () => {
    const t = setup();
    const bad: UpstreamRequest = { ...update(1), path: '/api/0/organizations/acme/issues/' };
    await expect(t.cached(bad)).rejects.toThrow(/does not match/);
    expect(t.calls).toHaveLength(0);
  });
});

describe('cache stage errors and outages', () => {
  it('never caches an error', async () => {
    const t = setup();
    t.answerWith(async () => {
      throw notFound();
    });
    await expect(t.cached(issue(1))).rejects.toBeInstanceOf(SentryNotFoundError);
    await expect(t.cached(issue(1))).rejects.toBeInstanceOf(SentryNotFoundError);
    expect(t.calls).toHaveLength(2);
  });

  it('answers an old entry as stale when Sentry fails, up to the hard max age', async () => {
    const t = setup();
    await t.call(list());
    t.answerWith(async () => {
      throw serverError();
    });
    await t.clock.advance(HARD_MAX - 1);
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'stale' });
    await t.clock.advance(1);
    await expect(t.cached(list())).rejects.toBeInstanceOf(SentryServerError);
  });

  it('answers stale while the circuit breaker is open, even for an invalidated entry', async () => {
    const t = setup();
    await t.call(issue(7));
    await t.call(update(7));
    t.answerWith(async () => {
      throw Object.assign(new Error('circuit open'), { code: 'DEXTER_ERR_UPSTREAM_UNAVAILABLE' });
    });
    expect(await t.call(issue(7))).toEqual({ body: { call: 1 }, outcome: 'stale' });
  });

  it('does not hide a 4xx behind a stale answer', async () => {
    const t = setup();
    await t.call(issue(9));
    await t.clock.advance(TTL + STALE_FOR);
    t.answerWith(async () => {
      throw notFound();
    });
    await expect(t.cached(issue(9))).rejects.toBeInstanceOf(SentryNotFoundError);
  });

  it('fails open when the store fails: the call goes upstream and the failure is reported', async () => {
    const broken: CacheStore = {
      get: () => Promise.reject(new Error('redis down')),
      set: () => Promise.reject(new Error('redis down')),
      tagVersions: () => Promise.reject(new Error('redis down')),
      bumpTags: () => Promise.reject(new Error('redis down')),
    };
    const t = setup({ store: broken });
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'miss' });
    expect(await t.call(update(1))).toMatchObject({ outcome: 'bypass' });
    expect(t.onError).toHaveBeenCalledWith(expect.any(Error), { operation: 'issues.list', phase: 'read' });
    expect(t.onError).toHaveBeenCalledWith(expect.any(Error), {
      operation: 'issues.update',
      phase: 'invalidate',
    });
  });

  it('reads an entry whose body text is damaged as a miss, and reports it', async () => {
    const memory = createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000 });
    const damaging: CacheStore = {
      ...memory,
      get: async (key) => {
        const entry = await memory.get(key);
        return entry && { ...entry, response: { ...entry.response, bodyText: '{"call": 1' } };
      },
    };
    const t = setup({ store: damaging });
    await t.call(list());
    expect(await t.call(list())).toEqual({ body: { call: 2 }, outcome: 'miss' });
    expect(t.onError).toHaveBeenCalledWith(expect.any(SyntaxError), {
      operation: 'issues.list',
      phase: 'read',
    });
  });

  it('passes operations without a cache class straight through, as bypass', async () => {
    const t = setup();
    const stats: UpstreamRequest = {
      operation: 'issues.stats',
      method: 'GET',
      path: '/api/0/organizations/acme/issues-stats/',
    };
    expect(await t.call(stats)).toEqual({ body: { call: 1 }, outcome: 'bypass' });
    expect(await t.call(stats)).toEqual({ body: { call: 2 }, outcome: 'bypass' });
  });
});

describe('cache stage: one issue change drops only the lists it can affect', () => {
  const precise = parseOperationTable(`
cacheClasses:
  list: { ttl: 10s, staleFor: 20s }
upstream:
  issues.list:
    sentry: GET /api/0/organizations/{org}/issues/
    cache: { class: list, tags: [issues, '{=list-statuses}', '{=answer-issues}'] }
  issues.update:
    sentry: PUT /api/0/organizations/{org}/issues/{issue_id}/
    invalidates: ['issue:{issue_id}', 'issue-state:{issue_id}', '{=status-change}']
`);
  const pages: Record<string, string[]> = {
    'is:unresolved|': ['1', '2'],
    'is:unresolved|next': ['3'],
    'is:resolved|': [],
  };

  function preciseSetup() {
    const clock = createManualClock(1_000_000);
    const store = createMemoryCacheStore({ maxEntries: 100, maxBytes: 1_000_000, clock });
    const calls: UpstreamRequest[] = [];
    let gate: Promise<void> | null = null;
    const upstream: Transport = async (req) => {
      calls.push(req);
      if (gate && req.method === 'GET') await gate;
      const query = (req.query ?? {}) as Record<string, string>;
      const ids = pages[`${query.query}|${query.cursor ?? ''}`] ?? [];
      return { status: 200, headers: {}, body: req.method === 'GET' ? ids.map((id) => ({ id })) : {} };
    };
    const cached = createCacheStage({ table: precise, store, clock, identity: 'x', refreshAhead: false })(
      upstream,
    );
    const outcomeOf = async (req: UpstreamRequest) => {
      const outcomes: CacheOutcome[] = [];
      await runWithUpstreamContext({ cacheOutcomes: outcomes }, () => cached(req));
      return outcomes[0];
    };
    return {
      outcomeOf,
      calls,
      hold: () => {
        const open = deferred<void>();
        gate = open.promise;
        return () => {
          gate = null;
          open.resolve();
        };
      },
    };
  }
  const listOf = (query: string, cursor?: string) => list(cursor ? { query, cursor } : { query });
  const change = (id: number, body: unknown): UpstreamRequest => ({ ...update(id), body });

  it('drops the lists holding the issue and those of its new status, and keeps the others', async () => {
    const t = preciseSetup();
    for (const req of [listOf('is:unresolved'), listOf('is:unresolved', 'next'), listOf('is:resolved')])
      expect(await t.outcomeOf(req)).toBe('miss');

    await t.outcomeOf(change(2, { status: 'resolved', statusDetails: {} }));
    expect(await t.outcomeOf(listOf('is:unresolved'))).toBe('miss');
    expect(await t.outcomeOf(listOf('is:unresolved', 'next'))).toBe('hit');
    expect(await t.outcomeOf(listOf('is:resolved'))).toBe('miss');
  });

  it('drops every list when the change is not only a status', async () => {
    const t = preciseSetup();
    await t.outcomeOf(listOf('is:unresolved', 'next'));
    await t.outcomeOf(change(2, { assignedTo: 'user:1' }));
    expect(await t.outcomeOf(listOf('is:unresolved', 'next'))).toBe('miss');
  });

  it('does not keep an answer when a change landed while it was fetched', async () => {
    const t = preciseSetup();
    const release = t.hold();
    const inFlight = t.outcomeOf(listOf('is:unresolved'));
    await vi.waitFor(() => expect(t.calls).toHaveLength(1));
    // Sentry made the list's answer, then applied the change (and Dexter bumped its tags), and
    // only then did the answer arrive: its issues' tags already read as changed.
    await t.outcomeOf(change(1, { status: 'ignored' }));
    release();
    expect(await inFlight).toBe('miss');
    expect(await t.outcomeOf(listOf('is:unresolved'))).toBe('miss');
  });
});

describe('cache stage refresh-ahead', () => {
  it('refreshes an entry read past 90 % of its TTL in the background, so its readers never see it stale', async () => {
    const t = setup({ refreshAhead: true });
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'miss' });
    await t.clock.advance(TTL * 0.9 - 1);
    expect(await t.call(list())).toEqual({ body: { call: 1 }, outcome: 'hit' });
    expect(t.calls).toHaveLength(1);

    await t.clock.advance(1);
    const reads = await Promise.all([t.call(list()), t.call(list())]);
    expect(reads).toEqual([
      { body: { call: 1 }, outcome: 'hit' },
      { body: { call: 1 }, outcome: 'hit' },
    ]);
    await t.stage.whenIdle();
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]).toMatchObject({ priority: 'background', signal: undefined });

    // Renewed from when the refresh was sent: past the old entry's TTL it is still a fresh hit.
    await t.clock.advance(TTL * 0.5);
    expect(await t.call(list())).toEqual({ body: { call: 2 }, outcome: 'hit' });
    expect(t.calls).toHaveLength(2);
  });

  it('refreshes what a change invalidated if someone read it lately, and nothing else', async () => {
    const t = setup({ refreshAhead: true });
    await t.call(list());
    await t.call(issue(1));
    await t.call(issue(2));
    await t.clock.advance(61_000);
    await t.call(issue(2)); // read lately; issue 1 and the list were not
    expect(t.calls).toHaveLength(4);

    await t.call(update(2));
    await t.stage.whenIdle();
    expect(t.calls.slice(5).map((req) => [req.path, req.priority])).toEqual([
      ['/api/0/organizations/acme/issues/2/', 'background'],
    ]);
    expect(await t.call(issue(2))).toEqual({ body: { call: 6 }, outcome: 'hit' });
  });

  it('refreshes at most a few entries per change, the most recently read first', async () => {
    const t = setup({ refreshAhead: true });
    for (let page = 0; page < 20; page++) await t.call(list({ cursor: String(page) }));
    await t.call(update(1));
    await t.stage.whenIdle();
    const refreshed = t.calls.slice(21).map((req) => (req.query as { cursor: string }).cursor);
    expect(refreshed).toEqual(['19', '18', '17', '16', '15', '14', '13', '12']);
  });

  it('follows only reads a person waits for, not background work such as a bulk scan', async () => {
    const t = setup({ refreshAhead: true });
    const scan = (page: number): UpstreamRequest => ({
      ...list({ cursor: String(page) }),
      priority: 'background',
    });
    await t.call(scan(1));
    await t.clock.advance(TTL * 0.95);
    expect((await t.call(scan(1))).outcome).toBe('hit');
    await t.call(update(1));
    await t.stage.whenIdle();
    expect(t.calls.map((req) => req.method)).toEqual(['GET', 'PUT']);
  });

  it('refreshes nothing after a change Sentry refused', async () => {
    const t = setup({ refreshAhead: true });
    await t.call(issue(1));
    t.answerWith(async (req) => {
      if (req.method === 'PUT') throw notFound();
      return { status: 200, headers: {}, body: {} };
    });
    await expect(t.cached(update(1))).rejects.toBeInstanceOf(SentryNotFoundError);
    await t.stage.whenIdle();
    expect(t.calls).toHaveLength(2);
  });
});
