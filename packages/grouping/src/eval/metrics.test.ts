import { describe, expect, it } from 'vitest';
import { asItemId } from '../ids';
import { computeMetrics, rocAuc, trueGroupRank } from './metrics';
import type { GroupScore, QueryOutcome } from './run-protocol';

function outcome(
  groupId: string,
  isDuplicate: boolean,
  groups: Array<[string, number, number?]>,
): QueryOutcome {
  const scored: GroupScore[] = groups.map(([id, score, confidence]) => ({
    groupId: id,
    score,
    confidence: confidence ?? score,
  }));
  return {
    report: {
      item: { id: asItemId(`q-${groupId}`), frames: [], exceptionType: null, message: null },
      groupId,
      time: 0,
      line: 1,
    },
    isDuplicate,
    groups: scored,
    matches: [],
  };
}

describe('trueGroupRank', () => {
  it('counts a tie against the true group', () => {
    expect(
      trueGroupRank(
        outcome('A', true, [
          ['B', 0.9],
          ['A', 0.9],
          ['C', 0.1],
        ]),
      ),
    ).toBe(2);
    expect(
      trueGroupRank(
        outcome('A', true, [
          ['A', 0.9],
          ['B', 0.9],
          ['C', 0.9],
        ]),
      ),
    ).toBe(3);
  });

  it('ranks the true group by the groups strictly or equally above it, and Infinity when absent', () => {
    expect(
      trueGroupRank(
        outcome('A', true, [
          ['B', 0.9],
          ['C', 0.5],
          ['A', 0.4],
        ]),
      ),
    ).toBe(3);
    expect(trueGroupRank(outcome('A', true, [['B', 0.9]]))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('rocAuc', () => {
  it('is 1 for a perfect ordering and 0 for a reversed one', () => {
    expect(
      rocAuc([
        { score: 0.9, label: true },
        { score: 0.1, label: false },
      ]),
    ).toBe(1);
    expect(
      rocAuc([
        { score: 0.1, label: true },
        { score: 0.9, label: false },
      ]),
    ).toBe(0);
  });

  it('counts a positive-negative tie as one half', () => {
    // Pairs: (0.8 vs 0.8) tie = 0.5, (0.8 vs 0.2) win = 1, (0.5 vs 0.8) loss, (0.5 vs 0.2) win → 2.5 / 4.
    const scored = [
      { score: 0.8, label: true },
      { score: 0.5, label: true },
      { score: 0.8, label: false },
      { score: 0.2, label: false },
    ];
    expect(rocAuc(scored)).toBe(0.625);
  });
});

describe('computeMetrics', () => {
  it('computes RR@k, MRR, AUC and the attach decision by hand-checked definitions', () => {
    const outcomes = [
      outcome('A', false, []), // first query: excluded from AUC
      outcome('B', false, [['A', 0.3, 0.2]]), // new, best 0.3
      outcome('A', true, [
        ['A', 0.9, 0.8],
        ['B', 0.3],
      ]), // rank 1, attaches correctly
      outcome('B', true, [
        ['A', 0.7, 0.6],
        ['B', 0.6],
      ]), // rank 2, attaches wrongly
      outcome('C', false, [['A', 0.95, 0.7]]), // new but attaches
    ];
    const m = computeMetrics(outcomes, 0.5);
    expect(m.duplicateQueries).toBe(2);
    expect(m.rr1).toBe(0.5);
    expect(m.rr5).toBe(1);
    expect(m.mrr).toBe(0.75); // (1/1 + 1/2) / 2
    // AUC over 4 queries: positives 0.9, 0.7; negatives 0.3, 0.95 → wins: 0.9>0.3, 0.7>0.3 → 2 / 4.
    expect(m.auc).toBe(0.5);
    // Attaches: confidences 0.8, 0.6, 0.7 ≥ 0.5; only the first is a duplicate with the right top group.
    expect(m.predictedAttach).toBe(3);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBe(0.5);
    expect(m.unretrieved).toBe(0);
    expect(m.aucRetrieved).toBe(0.5);
  });

  it('counts duplicates whose group was never retrieved, and the AUC without them', () => {
    const outcomes = [
      outcome('A', false, []),
      outcome('B', false, [['A', 0.2]]), // new, best 0.2
      outcome('A', true, [['A', 0.8]]), // retrieved, best 0.8
      outcome('B', true, [['A', 0.5]]), // group B never retrieved: best 0.5 is a wrong group
      outcome('C', false, [['A', 0.6]]), // new, best 0.6
    ];
    const m = computeMetrics(outcomes, 0.5);
    expect(m.unretrieved).toBe(1);
    // All: positives 0.8, 0.5; negatives 0.2, 0.6 → 0.8 beats both, 0.5 beats 0.2 → 3 / 4.
    expect(m.auc).toBe(0.75);
    // Without the unretrieved duplicate: 0.8 beats 0.2 and 0.6 → 1.
    expect(m.aucRetrieved).toBe(1);
  });
});
