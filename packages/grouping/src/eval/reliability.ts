// Reliability tables: does a stated confidence mean what it says? Confidences are binned and each
// bin's mean confidence is set beside how often such pairs really were the same bug. Two populations:
// - the pairs the product shows: each query's best `pairsPerQuery` candidates (suggestions on the
//   issue page, cluster links), where the confidence is a pair's probability of being the same bug;
// - each query's best match, which the attach decision reads.

import { trueGroupRank } from './metrics';
import type { QueryOutcome } from './run-protocol';

export interface ReliabilityBin {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  readonly meanConfidence: number;
  /** Share of the bin's pairs that were the same bug; NaN for an empty bin. */
  readonly observed: number;
}

export const RELIABILITY_EDGES = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

function binned(points: ReadonlyArray<{ readonly confidence: number; readonly right: boolean }>) {
  return RELIABILITY_EDGES.slice(0, -1).map((low, i): ReliabilityBin => {
    const high = RELIABILITY_EDGES[i + 1] ?? 1;
    const last = i === RELIABILITY_EDGES.length - 2;
    const inBin = points.filter((p) => p.confidence >= low && (p.confidence < high || last));
    const sum = (f: (p: (typeof inBin)[number]) => number) => inBin.reduce((s, p) => s + f(p), 0);
    return {
      low,
      high,
      count: inBin.length,
      meanConfidence: inBin.length === 0 ? Number.NaN : sum((p) => p.confidence) / inBin.length,
      observed: inBin.length === 0 ? Number.NaN : sum((p) => (p.right ? 1 : 0)) / inBin.length,
    };
  });
}

export function pairReliability(
  outcomes: readonly QueryOutcome[],
  groupOf: ReadonlyMap<string, string>,
  pairsPerQuery: number,
): ReliabilityBin[] {
  return binned(
    outcomes.flatMap((o) =>
      o.matches
        .slice(0, pairsPerQuery)
        .map((m) => ({ confidence: m.confidence, right: groupOf.get(m.id) === o.report.groupId })),
    ),
  );
}

export function bestMatchReliability(outcomes: readonly QueryOutcome[]): ReliabilityBin[] {
  return binned(
    outcomes.map((o) => ({
      confidence: o.groups[0]?.confidence ?? 0,
      right: o.isDuplicate && trueGroupRank(o) === 1,
    })),
  );
}

/** Expected calibration error: the count-weighted mean gap between stated and observed. */
export function calibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return Number.NaN;
  return (
    bins.reduce((s, b) => (b.count === 0 ? s : s + b.count * Math.abs(b.meanConfidence - b.observed)), 0) /
    total
  );
}
