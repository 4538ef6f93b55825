// The evaluation protocol of the stack-trace deduplication literature (TraceSim, FaST), as described in
// ../shared/data/grouping/README.md: reports are processed in (timestamp, id) order, each one is a
// query against all earlier reports, and is then added to the index.
// Invariant: when report k is queried the index holds exactly reports 0..k-1, so rarity statistics
// are learned incrementally and nothing is known about later reports.
// Group score = the best score over the group's earlier reports that retrieval surfaced; groups with
// no retrieved report are absent from the ranking (and rank last).

import { createGroupingIndex, type GroupingIndexParams, type GroupingMatch } from '../index/grouping-index';
import { chronological, type LabeledReport } from './read-reports';

export interface GroupScore {
  readonly groupId: string;
  readonly score: number;
  readonly confidence: number;
}

export interface QueryOutcome {
  readonly report: LabeledReport;
  /** Its group already had an earlier report. */
  readonly isDuplicate: boolean;
  /** Candidate groups, best first. */
  readonly groups: readonly GroupScore[];
  /** Item-level matches, best first, for calibration fitting. */
  readonly matches: readonly GroupingMatch[];
}

export interface ProtocolRun {
  readonly outcomes: readonly QueryOutcome[];
  readonly elapsedMs: number;
}

export function rankGroups(
  matches: readonly GroupingMatch[],
  groupOf: ReadonlyMap<string, string>,
): GroupScore[] {
  const best = new Map<string, GroupScore>();
  for (const match of matches) {
    const groupId = groupOf.get(match.id);
    if (groupId === undefined) continue;
    const current = best.get(groupId);
    if (current === undefined || match.score > current.score) {
      best.set(groupId, { groupId, score: match.score, confidence: match.confidence });
    }
  }
  return [...best.values()].sort((x, y) => y.score - x.score);
}

export function runProtocol(
  reports: readonly LabeledReport[],
  params: Partial<GroupingIndexParams> = {},
  now: () => number = () => performance.now(),
): ProtocolRun {
  const index = createGroupingIndex(params);
  const limit = index.params.candidateLimit;
  const groupOf = new Map<string, string>();
  const seenGroups = new Set<string>();
  const outcomes: QueryOutcome[] = [];
  const started = now();
  for (const report of chronological(reports)) {
    const matches = index.query(report.item, { limit });
    outcomes.push({
      report,
      isDuplicate: seenGroups.has(report.groupId),
      groups: rankGroups(matches, groupOf),
      matches,
    });
    index.add(report.item);
    groupOf.set(report.item.id, report.groupId);
    seenGroups.add(report.groupId);
  }
  return { outcomes, elapsedMs: now() - started };
}
