/**
 * How the indexes stay current: issues that arrive later join without a rebuild, a restart answers
 * from the snapshot file without reading a single event again, a bad snapshot is ignored rather
 * than half-loaded, a rebuild starts over from Sentry, and in companion mode nothing is read from
 * Sentry for an organization nobody has opened.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimilarityIndexer } from './similarity-indexer';
import { createIndexMaintenance } from './similarity-maintenance';
import { UNKNOWN_ORG } from './testing/fake-issue-source';
import {
  ORG,
  PRICE_BUG,
  type SimilarityHarness,
  startSimilarityHarness,
  UNRELATED,
} from './testing/similarity-harness';

let h: SimilarityHarness;
let restarted: SimilarityHarness | undefined;
afterEach(async () => {
  await restarted?.close();
  restarted = undefined;
  await h?.close();
});

const matchIds = async (harness: SimilarityHarness, id: string) =>
  (await harness.service.similar(ORG, id)).matches.map((m) => m.issue.id).sort();

describe('incremental updates', () => {
  it('a new issue the store reports joins the index and the suggestions, without a rebuild', async () => {
    h = await startSimilarityHarness([PRICE_BUG[0]!, ...UNRELATED]);
    expect(await matchIds(h, '1')).toEqual([]);
    const recentCalls = h.fake.calls.recent;
    h.fake.add(PRICE_BUG[1]!);
    h.maintenance.notifyWritten(ORG, [{ issueId: '2', stackChanged: true }]);
    await h.maintenance.idle();
    expect(h.maintenance.indexOf(ORG).has('2')).toBe(true);
    expect(h.fake.calls.recent).toBe(recentCalls);
    expect(await matchIds(h, '1')).toEqual(['2']);
  });

  it('another event of a known issue refreshes its data and does not re-read its stack', async () => {
    h = await startSimilarityHarness([...PRICE_BUG]);
    const eventReads = h.fake.calls.latestEvent;
    h.fake.set('2', { count: 500, lastSeen: '2024-05-01T11:00:00.000Z' });
    h.maintenance.notifyWritten(ORG, [{ issueId: '2', stackChanged: false }]);
    await h.maintenance.idle();
    expect(h.fake.calls.latestEvent).toBe(eventReads);
    expect(h.maintenance.indexOf(ORG).get('2')?.issue.count).toBe(500);
    expect(h.maintenance.indexOf(ORG).get('2')?.item.seenAt).toBe(Date.parse('2024-05-01T11:00:00.000Z'));
  });

  it('a new issue whose stack the store hands over is indexed from it, without reading its event', async () => {
    h = await startSimilarityHarness([PRICE_BUG[0]!, ...UNRELATED]);
    const spec = PRICE_BUG[1]!;
    h.fake.add(spec);
    const eventReads = h.fake.calls.latestEvent;
    const stack = [
      {
        type: spec.type,
        value: spec.value,
        stacktrace: {
          frames: spec.stack.map((fn, i) => ({
            filename: 'app.js',
            absPath: null,
            module: null,
            function: fn,
            lineNo: 10 + i,
            inApp: true,
          })),
        },
      },
    ];
    h.maintenance.notifyWritten(ORG, [{ issueId: '2', stackChanged: true, stack }]);
    await h.maintenance.idle();
    expect(h.fake.calls.latestEvent).toBe(eventReads);
    expect(await matchIds(h, '1')).toEqual(['2']);
  });

  it('collects counts-only updates for refreshCoalesceMs, but applies a new issue within coalesceMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      h = await startSimilarityHarness([...PRICE_BUG]);
      const maintenance = createIndexMaintenance({
        indexer: createSimilarityIndexer({ source: h.fake.source, log: { warn: () => {} } }),
        snapshot: null,
        log: { warn: () => {} },
        coalesceMs: 100,
        refreshCoalesceMs: 5_000,
      });
      await maintenance.start([]);
      const reads = () => h.fake.calls.issues;
      const before = reads();
      maintenance.notifyWritten(ORG, [{ issueId: '1', stackChanged: false }]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(reads()).toBe(before);
      await vi.advanceTimersByTimeAsync(4_000);
      expect(reads()).toBeGreaterThan(before);

      const afterRefresh = reads();
      maintenance.notifyWritten(ORG, [{ issueId: '2', stackChanged: false }]);
      maintenance.notifyWritten(ORG, [{ issueId: '3', stackChanged: true }]);
      await vi.advanceTimersByTimeAsync(100);
      expect(reads()).toBeGreaterThan(afterRefresh);
      expect(maintenance.indexOf(ORG).has('3')).toBe(true);
      await maintenance.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an issue that is gone (merged, deleted) leaves the index', async () => {
    h = await startSimilarityHarness([...PRICE_BUG]);
    h.fake.set('2', { status: 'resolved' });
    await h.service.act(ORG, { action: 'merge', issueIds: ['1', '2'] });
    await h.maintenance.idle();
    expect(h.maintenance.indexOf(ORG).has('2')).toBe(false);
  });
});

describe('companion mode', () => {
  it('spends no Sentry call on an organization until someone opens it, then builds its index', async () => {
    h = await startSimilarityHarness([...PRICE_BUG], undefined, []);
    expect(h.fake.calls).toMatchObject({ issues: 0, latestEvent: 0, recent: 0 });
    expect((await h.service.clusters(ORG)).indexing).toBe(true);
    await h.maintenance.idle();
    const after = await h.service.clusters(ORG);
    expect(after.indexing).toBe(false);
    expect(after.clusters).toHaveLength(1);
  });

  it('forgets an organization it cannot read, so it is not polled forever', async () => {
    h = await startSimilarityHarness([...PRICE_BUG], undefined, []);
    await h.service.clusters(UNKNOWN_ORG);
    await h.maintenance.idle();
    expect(h.maintenance.orgs()).not.toContain(UNKNOWN_ORG);
    expect(h.warnings).toContain('similarity: initial build failed');
  });

  it('polls the organizations in use for recently seen issues, with background priority', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      h = await startSimilarityHarness([PRICE_BUG[0]!], undefined, []);
      h.maintenance.startPolling(60_000);
      vi.advanceTimersByTime(60_000);
      await h.maintenance.idle();
      expect(h.fake.calls.recent).toBe(0);

      await h.service.clusters(ORG);
      await h.maintenance.idle();
      h.fake.add(PRICE_BUG[1]!);
      vi.advanceTimersByTime(60_000);
      await h.maintenance.idle();
      expect(h.maintenance.indexOf(ORG).has('2')).toBe(true);
      expect(h.fake.priorities.every((p) => p === 'background')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('persistence', () => {
  it('a restart answers the same from the snapshot, without reading any event again', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const before = await h.service.similar(ORG, '1');
    await h.maintenance.close();
    const file = join(h.dataDir, 'similarity-index.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
    await h.close(true);

    restarted = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED], h.dataDir);
    expect(restarted.fake.calls.latestEvent).toBe(0);
    const after = await restarted.service.similar(ORG, '1');
    expect(after.matches.map((m) => [m.issue.id, m.confidence])).toEqual(
      before.matches.map((m) => [m.issue.id, m.confidence]),
    );
    expect(restarted.maintenance.indexOf(ORG).get('1')?.item.seenAt).toBe(
      h.maintenance.indexOf(ORG).get('1')?.item.seenAt,
    );
  });

  it('writes atomically: no temporary file is left behind', async () => {
    h = await startSimilarityHarness([...PRICE_BUG]);
    await h.maintenance.close();
    const leftovers = ['similarity-index.json', `similarity-index.json.${process.pid}.tmp`].map((name) =>
      existsSync(join(h.dataDir, name)),
    );
    expect(leftovers).toEqual([true, false]);
  });

  it('ignores an unreadable snapshot, says so, and rebuilds from Sentry', async () => {
    h = await startSimilarityHarness([]);
    await h.close(true);
    writeFileSync(join(h.dataDir, 'similarity-index.json'), '{"version":1,"orgs":{"acme":[{"item":');
    restarted = await startSimilarityHarness([...PRICE_BUG], h.dataDir);
    expect(restarted.warnings.some((w) => w.includes('unreadable'))).toBe(true);
    expect(restarted.maintenance.indexOf(ORG).size).toBe(3);
  });
});

describe('rebuild', () => {
  it('starts over from Sentry: issues no longer listed are dropped, new ones read', async () => {
    h = await startSimilarityHarness([...PRICE_BUG]);
    h.maintenance.indexOf(ORG).remove('3');
    h.fake.add(UNRELATED[0]!);
    const result = await h.maintenance.rebuild(ORG);
    expect(result.indexedIssues).toBe(4);
    expect(h.maintenance.indexOf(ORG).has('3')).toBe(true);
    expect(h.maintenance.indexOf(ORG).has('4')).toBe(true);
  });

  it('two rebuilds asked at once share one run', async () => {
    h = await startSimilarityHarness([...PRICE_BUG]);
    const recent = h.fake.calls.recent;
    const [a, b] = [h.maintenance.rebuild(ORG), h.maintenance.rebuild(ORG)];
    expect(a).toBe(b);
    await a;
    expect(h.fake.calls.recent).toBe(recent + 1);
  });
});
