/**
 * The response memo keeps a rendered answer exactly as long as the Sentry answers it was built
 * from stay fresh hits: a small app whose route records cache reads the way the cache stage does,
 * under a manual clock, and then the real Dexter over a real store, where a change made through
 * Dexter must show on the very next read.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FaultedSetup, seedIssues, startFaultedDexter } from '../testing/faulted-dexter';
import { type CacheTag, cacheTags } from '../upstream/cache-tags';
import { type CacheDependency, type CacheOutcome, recordCacheOutcome } from '../upstream/request-context';
import { responseMemoPlugin, validityOf } from './response-memo';
import { upstreamContextPlugin } from './upstream-context';

const { issue, issues, issueStats } = cacheTags;

const dependency = (tags: CacheTag[], versions: number[], freshUntil = 1_000): CacheDependency => ({
  tags,
  versions,
  freshUntil,
});

describe('validityOf', () => {
  it('merges the tags of every read and keeps the earliest end of freshness', () => {
    expect(
      validityOf({
        cacheOutcomes: ['hit', 'miss'],
        dependencies: [dependency([issues], [3], 900), dependency([issues, issue(7)], [3, 1], 500)],
      }),
    ).toEqual({ tags: [issues, issue(7)], versions: [3, 1], freshUntil: 500 });
  });

  it.each<[string, CacheOutcome[], CacheDependency[]]>([
    ['no Sentry read at all', [], []],
    ['a stale part', ['hit', 'stale'], [dependency([issues], [1])]],
    ['an uncached operation', ['bypass'], []],
    ['a read that stored nothing (an error)', ['hit', 'miss'], [dependency([issues], [1])]],
    [
      'one tag read under two versions',
      ['hit', 'hit'],
      [dependency([issueStats], [1]), dependency([issueStats], [2])],
    ],
  ])('refuses to keep an answer with %s', (_name, cacheOutcomes, dependencies) => {
    expect(validityOf({ cacheOutcomes, dependencies })).toBeNull();
  });
});

describe('response memo plugin', () => {
  let app: FastifyInstance;
  let now = 0;
  let versions = new Map<CacheTag, number>();
  let renders = 0;
  let outcome: CacheOutcome = 'hit';
  let status = 200;

  beforeAll(async () => {
    app = Fastify();
    await app.register(upstreamContextPlugin);
    await app.register(responseMemoPlugin, {
      tagVersions: async (tags) => tags.map((tag) => versions.get(tag) ?? 0),
      clock: { now: () => now },
      maxBytes: 1024 * 1024,
    });
    const render = async (memo: boolean) => {
      renders += 1;
      const dependencyOf = dependency([issues], [versions.get(issues) ?? 0], now + 100);
      recordCacheOutcome(outcome, outcome === 'stale' ? undefined : dependencyOf);
      return { renders, memo };
    };
    app.get('/kept', { config: { memo: true } }, async (_request, reply) =>
      reply.code(status).send(await render(true)),
    );
    app.get('/plain', async () => render(false));
  });
  afterAll(() => app.close());
  beforeEach(() => {
    now = 0;
    versions = new Map();
    outcome = 'hit';
    status = 200;
  });

  const get = async (url: string) => {
    const res = await app.inject({ url });
    return {
      body: res.json() as { renders: number },
      cache: res.headers['x-dexter-cache'],
      status: res.statusCode,
    };
  };

  it('serves the kept bytes while fresh, and renders again once a tag moves or the TTL ends', async () => {
    const first = await get('/kept?q=1');
    expect(first.cache).toBe('hit');
    expect(await get('/kept?q=1')).toEqual(first);

    versions.set(issues, 1);
    const afterBump = await get('/kept?q=1');
    expect(afterBump.body.renders).toBe(first.body.renders + 1);
    expect((await get('/kept?q=1')).body).toEqual(afterBump.body);

    now += 100;
    expect((await get('/kept?q=1')).body.renders).toBe(afterBump.body.renders + 1);
  });

  it('keeps one answer per URL', async () => {
    const a = await get('/kept?q=a');
    const b = await get('/kept?q=b');
    expect(b.body.renders).toBe(a.body.renders + 1);
    expect((await get('/kept?q=a')).body).toEqual(a.body);
  });

  it('never keeps a stale answer, an error status, or a route that did not opt in', async () => {
    outcome = 'stale';
    const stale = await get('/kept?q=stale');
    expect((await get('/kept?q=stale')).body.renders).toBe(stale.body.renders + 1);

    outcome = 'hit';
    status = 203;
    const odd = await get('/kept?q=status');
    expect((await get('/kept?q=status')).body.renders).toBe(odd.body.renders + 1);

    const plain = await get('/plain');
    expect((await get('/plain')).body.renders).toBe(plain.body.renders + 1);
  });
});

describe('response memo in Dexter', () => {
  let setup: FaultedSetup;
  beforeAll(async () => {
    setup = await startFaultedDexter();
    await seedIssues(setup.store, 3);
  }, 60_000);
  afterAll(() => setup.close());

  it('answers a warm list from the memo and shows a change made through Dexter on the next read', async () => {
    const org = setup.store.org;
    const path = `/api/v1/organizations/${org}/issues?query=${encodeURIComponent('is:unresolved')}`;
    const ids = async () => {
      const res = await setup.dexter.request(path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { issues: Array<{ id: string }> };
      return { ids: body.issues.map((issue) => issue.id), cache: res.headers.get('x-dexter-cache') };
    };
    const cold = await ids();
    expect(cold.ids).toHaveLength(3);
    expect(await ids()).toEqual({ ids: cold.ids, cache: 'hit' });
    const memoHits = async () => {
      const text = await (await setup.dexter.anonymous('/metrics')).text();
      const hits = text
        .split('\n')
        .filter((line) => /^dexter_response_memo_total\{.*outcome="hit"/.test(line));
      return hits.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    };
    expect(await memoHits()).toBeGreaterThanOrEqual(1);

    const resolved = cold.ids[0]!;
    const put = await setup.dexter.request(`/api/v1/organizations/${org}/issues/${resolved}`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(put.status).toBe(200);
    // Rebuilt, not the kept bytes: from the list the change refreshed ahead (a hit once that
    // refresh has landed), or from the upstream (a miss that may join that refresh in flight).
    const memoHitsBefore = await memoHits();
    const after = await ids();
    expect(after.ids).toEqual(cold.ids.filter((id) => id !== resolved));
    expect(await memoHits()).toBe(memoHitsBefore);
  });

  it("answers an issue's context from the cache right after a status change made through Dexter, showing it", async () => {
    const org = setup.store.org;
    const list = await setup.dexter.request(`/api/v1/organizations/${org}/issues?query=`);
    const issueId = ((await list.json()) as { issues: Array<{ id: string }> }).issues.at(-1)!.id;
    const context = () => setup.dexter.request(`/api/v1/organizations/${org}/issues/${issueId}/context`);
    expect((await context()).status).toBe(200);

    const put = await setup.dexter.request(`/api/v1/organizations/${org}/issues/${issueId}`, {
      method: 'PUT',
      body: JSON.stringify({ status: 'ignored' }),
    });
    expect(put.status).toBe(200);
    const before = setup.proxy.forwarded.length;
    const after = await context();
    expect(after.headers.get('x-dexter-cache')).toBe('hit');
    expect(setup.proxy.forwarded.length).toBe(before);
    const body = (await after.json()) as {
      issue: { ok: boolean; data?: { status: string } };
      activity: { ok: boolean; data?: Array<{ type: string }> };
    };
    expect(body.issue.data?.status).toBe('ignored');
    expect(body.activity.data?.map((entry) => entry.type)).toContain('set_ignored');
  });
});
