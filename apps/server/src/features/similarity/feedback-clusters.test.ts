/** Single linkage under verdicts: cannot-links hold through chains, must-links pin at 1. */
import { describe, expect, it } from 'vitest';
import { clusterWithFeedback } from './feedback-clusters';
import type { PairVerdict } from './feedback-store';

const verdict = (a: string, b: string, v: PairVerdict['verdict'], userName = 'ada'): PairVerdict => ({
  a,
  b,
  verdict: v,
  userName,
  createdAt: 0,
});
const members = (clusters: ReturnType<typeof clusterWithFeedback>) => clusters.map((c) => c.members.sort());

describe('clusterWithFeedback', () => {
  const ids = ['1', '2', '3', '4'];
  const chain = [
    { a: '1', b: '2', confidence: 0.4 },
    { a: '2', b: '3', confidence: 0.3 },
  ];

  it('joins links at or above the threshold; the weakest link is the confidence, and is named', () => {
    expect(clusterWithFeedback(ids, chain, [], 0.2)).toEqual([
      {
        members: ['1', '2', '3'],
        confidence: 0.3,
        links: [
          { a: '2', b: '3', confidence: 0.3, pinned: false },
          { a: '1', b: '2', confidence: 0.4, pinned: false },
        ],
        confirmedBy: [],
      },
    ]);
    expect(members(clusterWithFeedback(ids, chain, [], 0.35))).toEqual([['1', '2']]);
  });

  it('never puts a "not the same" pair in one cluster, not even through a chain', () => {
    const clusters = clusterWithFeedback(ids, chain, [verdict('1', '3', 'different')], 0.2);
    expect(members(clusters)).toEqual([['1', '2']]);
  });

  it('drops a direct link between a "not the same" pair', () => {
    expect(clusterWithFeedback(ids, chain, [verdict('1', '2', 'different')], 0.2)).toEqual([
      {
        members: ['2', '3'],
        confidence: 0.3,
        links: [{ a: '2', b: '3', confidence: 0.3, pinned: false }],
        confirmedBy: [],
      },
    ]);
  });

  it('pins a "same bug" pair at confidence 1, with its authors, without any engine link', () => {
    expect(
      clusterWithFeedback(
        ids,
        [],
        [verdict('1', '4', 'same', 'grace'), verdict('4', '1', 'same', 'ada')],
        0.2,
      ),
    ).toEqual([
      {
        members: ['1', '4'],
        confidence: 1,
        links: [{ a: '1', b: '4', confidence: 1, pinned: true }],
        confirmedBy: ['ada', 'grace'],
      },
    ]);
  });

  it('keeps only the links that joined something: a redundant one inside a cluster is not its weakest', () => {
    const triangle = [...chain, { a: '1', b: '3', confidence: 0.25 }];
    const [cluster] = clusterWithFeedback(ids, triangle, [], 0.2);
    expect(cluster?.confidence).toBe(0.3);
    expect(cluster?.links.map((link) => link.confidence)).toEqual([0.3, 0.4]);
  });

  it('lets a "not the same" verdict win over conflicting "same bug" verdicts', () => {
    const verdicts = [verdict('1', '2', 'same'), verdict('2', '3', 'same'), verdict('1', '3', 'different')];
    const clusters = members(clusterWithFeedback(ids, [], verdicts, 0.2));
    expect(clusters.some((m) => m.includes('1') && m.includes('3'))).toBe(false);
  });

  it('ignores verdicts and links about issues that are not candidates (closed, unknown)', () => {
    expect(
      clusterWithFeedback(
        ['1', '2'],
        [{ a: '1', b: '9', confidence: 0.9 }],
        [verdict('2', '9', 'same')],
        0.2,
      ),
    ).toEqual([]);
  });
});
