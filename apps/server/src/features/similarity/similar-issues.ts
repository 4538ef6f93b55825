/**
 * Ranks the similar issues of one issue and applies people's verdicts: a "not the same" pair is
 * never suggested, whatever the engine thinks; a "same bug" pair is always listed, with confidence
 * 1, even when the engine would not have retrieved it. Everything else must reach the suggestion
 * threshold. Pure over the index: no I/O.
 */
import type { SimilarStack } from '@dexter/contracts';
import type { GroupingItem, SimilarityResult } from '@dexter/grouping';
import type { PairVerdict } from './feedback-store';
import type { IndexedIssue, OrgIndex } from './org-index';

export interface RankedMatch {
  entry: IndexedIssue;
  confidence: number;
  result: SimilarityResult;
  /** The "same bug" verdict that pinned this pair, if any. */
  pinnedBy: PairVerdict | null;
}

export interface RankOptions {
  threshold: number;
  limit: number;
  /** How many engine matches are considered before verdicts and the threshold filter them. */
  candidates: number;
}

export function rankSimilar(
  index: Pick<OrgIndex, 'query' | 'compare' | 'get'>,
  subject: IndexedIssue,
  verdicts: readonly PairVerdict[],
  { threshold, limit, candidates }: RankOptions,
): RankedMatch[] {
  const id = subject.issue.id;
  const verdictWith = new Map(verdicts.map((v) => [v.a === id ? v.b : v.a, v]));
  const ranked: RankedMatch[] = [];
  const listed = new Set<string>();

  for (const match of index.query(subject.item, candidates)) {
    const entry = index.get(match.id);
    const verdict = verdictWith.get(match.id);
    if (!entry || verdict?.verdict === 'different') continue;
    const pinnedBy = verdict?.verdict === 'same' ? verdict : null;
    const confidence = pinnedBy ? 1 : match.confidence;
    if (confidence < threshold) continue;
    ranked.push({ entry, confidence, result: match, pinnedBy });
    listed.add(match.id);
  }
  for (const [otherId, verdict] of verdictWith) {
    const entry = index.get(otherId);
    if (verdict.verdict !== 'same' || listed.has(otherId) || !entry) continue;
    ranked.push({ entry, confidence: 1, result: index.compare(subject.item, entry.item), pinnedBy: verdict });
  }
  return ranked
    .sort((x, y) => y.confidence - x.confidence || y.result.score - x.result.score)
    .slice(0, limit);
}

export const stackOf = (item: GroupingItem): SimilarStack => ({
  exceptionType: item.exceptionType,
  message: item.message,
  frames: item.frames.map((frame) => ({ ...frame })),
});
