/**
 * The similarity service as users meet it: suggestions across projects with a calibrated
 * confidence and the aligned frames, clusters of the open issues, and people's verdicts, which
 * every later answer respects. Fake Sentry, real database and snapshot file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CLUSTER_THRESHOLD, SUGGESTION_THRESHOLD } from './similarity-thresholds';
import {
  ORG,
  PRICE_BUG,
  type SimilarityHarness,
  startSimilarityHarness,
  UNRELATED,
} from './testing/similarity-harness';

let h: SimilarityHarness;
afterEach(() => h?.close());

const ids = (list: Array<{ issue: { id: string } }>) => list.map((m) => m.issue.id).sort();

describe('similar issues', () => {
  it('suggests the same bug reached through other call paths, across projects, and nothing unrelated', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const similar = await h.service.similar(ORG, '1');
    expect(ids(similar.matches)).toEqual(['2', '3']);
    for (const match of similar.matches) {
      expect(match.confidence).toBeGreaterThanOrEqual(SUGGESTION_THRESHOLD);
      expect(match.level).toBe('possible');
      expect(match.alignedFrames.map((pair) => pair.key)).toEqual(
        expect.arrayContaining(['app.parsePrice', 'app.lineAmount', 'app.orderTotal']),
      );
    }
    expect(similar.matches.find((m) => m.issue.id === '2')?.mergeable).toBe(true);
    expect(similar.matches.find((m) => m.issue.id === '3')?.mergeable).toBe(false);
    // Frames are top of the stack first: the crashing frame leads.
    expect(similar.stack.frames[0]?.function).toBe('parsePrice');
  });

  it('never suggests a pair someone called "not the same" again', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    await h.service.recordFeedback(ORG, { issueA: '2', issueB: '1', verdict: 'different' }, h.userId);
    expect(ids((await h.service.similar(ORG, '1')).matches)).toEqual(['3']);
    expect(ids((await h.service.similar(ORG, '2')).matches)).toEqual(['3']);
  });

  it('pins a "same bug" pair at confidence 1 and says who said so, even when the engine would not', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    expect(ids((await h.service.similar(ORG, '4')).matches)).toEqual([]);
    const saved = await h.service.recordFeedback(
      ORG,
      { issueA: '4', issueB: '5', verdict: 'same' },
      h.userId,
    );
    expect(saved).toMatchObject({ issueA: '4', issueB: '5', verdict: 'same', userName: 'Ada Lovelace' });
    const [pinned] = (await h.service.similar(ORG, '5')).matches;
    expect(pinned).toMatchObject({
      issue: { id: '4' },
      confidence: 1,
      level: 'confirmed',
      feedback: { verdict: 'same', userName: 'Ada Lovelace' },
    });
  });

  it('answers 404 for an issue Sentry does not know', async () => {
    h = await startSimilarityHarness(PRICE_BUG);
    await expect(h.service.similar(ORG, '999')).rejects.toMatchObject({ code: 'DEXTER_ERR_NOT_FOUND' });
  });
});

describe('clusters', () => {
  it('groups the open issues of one bug across projects, ranked by events, with its weakest link', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const { clusters, openIssues } = await h.service.clusters(ORG);
    expect(openIssues).toBe(5);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({
      id: '1',
      projects: ['billing', 'shop'],
      totalEvents: 49,
      totalUsers: 10,
      confirmedBy: [],
    });
    expect(clusters[0]?.members.map((issue) => issue.id)).toEqual(['1', '2', '3']);
    expect(clusters[0]?.confidence).toBeGreaterThan(0.2);
    expect(clusters[0]?.confidence).toBeLessThan(1);
  });

  it('keeps a "not the same" pair apart even when a third issue links them', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    await h.service.recordFeedback(ORG, { issueA: '1', issueB: '3', verdict: 'different' }, h.userId);
    const members = (await h.service.clusters(ORG)).clusters.map((c) => c.members.map((i) => i.id).sort());
    expect(members.some((m) => m.includes('1') && m.includes('3'))).toBe(false);
    expect(members.flat()).toContain('2');
  });

  it('clusters a "same bug" pair at confidence 1 and names who confirmed it', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    await h.service.recordFeedback(ORG, { issueA: '4', issueB: '5', verdict: 'same' }, h.userId);
    const pinned = (await h.service.clusters(ORG)).clusters.find((c) => c.id === '4');
    expect(pinned).toMatchObject({ confidence: 1, level: 'confirmed', confirmedBy: ['Ada Lovelace'] });
  });

  it('leaves out issues resolved since they were indexed', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    h.fake.set('2', { status: 'resolved' });
    h.fake.set('3', { status: 'resolved' });
    expect((await h.service.clusters(ORG)).clusters).toEqual([]);
  });
});

describe('one confidence per pair', () => {
  /** What the issue page says about `to` when `from` is open. */
  async function onIssuePage(from: string, to: string) {
    const match = (await h.service.similar(ORG, from)).matches.find((m) => m.issue.id === to);
    return match && { confidence: match.confidence, level: match.level };
  }

  it('the issue page and the cluster state the same confidence for the same pair, from either side', async () => {
    // Every cluster link clears the suggestion bar, so it is on both issue pages too.
    expect(CLUSTER_THRESHOLD).toBeGreaterThanOrEqual(SUGGESTION_THRESHOLD);
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const [cluster] = (await h.service.clusters(ORG)).clusters;
    expect(cluster?.links).toHaveLength(2);
    for (const link of cluster?.links ?? []) {
      const stated = { confidence: link.confidence, level: link.level };
      expect(await onIssuePage(link.issueA, link.issueB)).toEqual(stated);
      expect(await onIssuePage(link.issueB, link.issueA)).toEqual(stated);
    }
    // The cluster's own confidence is its weakest link's, listed first.
    expect(cluster?.confidence).toBe(cluster?.links[0]?.confidence);
    expect(cluster?.confidence).toBe(Math.min(...(cluster?.links ?? []).map((link) => link.confidence)));
  });

  it('a "same bug" verdict reads 1, confirmed, on both', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    await h.service.recordFeedback(ORG, { issueA: '1', issueB: '2', verdict: 'same' }, h.userId);
    const [cluster] = (await h.service.clusters(ORG)).clusters;
    const pinned = cluster?.links.find((link) => [link.issueA, link.issueB].sort().join() === '1,2');
    expect(pinned).toMatchObject({ confidence: 1, level: 'confirmed' });
    expect(await onIssuePage('1', '2')).toEqual({ confidence: 1, level: 'confirmed' });
    expect(cluster?.level).not.toBe('confirmed');
  });
});

describe('actions on a cluster', () => {
  it('merges per project and skips a project with a single issue', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const result = await h.service.act(ORG, { action: 'merge', issueIds: ['1', '2', '3'] });
    expect(result.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ project: 'shop', outcome: 'done', parentId: '1', issueIds: ['1', '2'] }),
        expect.objectContaining({ project: 'billing', outcome: 'skipped', issueIds: ['3'] }),
      ]),
    );
    expect(h.fake.calls.updates).toEqual([{ projectId: 'p-shop', ids: ['1', '2'], change: { merge: true } }]);
    expect(ids((await h.service.similar(ORG, '1')).matches)).toEqual(['3']);
  });

  it('resolves every member, and the cluster leaves the view', async () => {
    h = await startSimilarityHarness([...PRICE_BUG, ...UNRELATED]);
    const result = await h.service.act(ORG, { action: 'resolve', issueIds: ['1', '2', '3'] });
    expect(result.results.map((r) => r.outcome)).toEqual(['done', 'done']);
    expect((await h.service.clusters(ORG)).clusters).toEqual([]);
  });
});
