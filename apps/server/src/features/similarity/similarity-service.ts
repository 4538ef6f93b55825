/**
 * The similarity feature's answers: similar issues of an issue, clusters of an organization, and
 * what people do with them (verdicts, merge or resolve). The indexes are kept by the maintenance
 * part; this part reads them, applies verdicts, and refreshes the issue data it is about to show
 * (one batched call), so counts and statuses are current even when the index is not.
 */
import type {
  IssueClusterList,
  SimilarIssues,
  SimilarityActionInput,
  SimilarityActionResult,
  SimilarityFeedback,
  SimilarityFeedbackInput,
} from '@dexter/contracts';
import { DexterError } from '../../errors/error-codes';
import type { FeedbackCluster } from './feedback-clusters';
import type { FeedbackStore, PairVerdict } from './feedback-store';
import { byImpact, clusterView, isOpen, openClusters } from './issue-clusters';
import { issueItem } from './issue-item';
import type { IssueSource } from './issue-source';
import type { IndexedIssue, OrgIndex } from './org-index';
import { rankSimilar, stackOf } from './similar-issues';
import { runClusterAction } from './similarity-actions';
import type { IndexMaintenance } from './similarity-maintenance';
import { CLUSTER_THRESHOLD, matchLevel, SUGGESTION_THRESHOLD } from './similarity-thresholds';

export const MAX_SUGGESTIONS = 10;
export const MAX_CLUSTERS = 100;

export interface SimilarityServiceDeps {
  source: IssueSource;
  feedback: Pick<FeedbackStore, 'record' | 'forOrg' | 'forIssue'>;
  maintenance: Pick<IndexMaintenance, 'ensure' | 'isBuilding' | 'persist' | 'resync' | 'rebuild'>;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const iso = (ms: number) => new Date(ms).toISOString();
const feedbackOf = (v: PairVerdict) => ({
  verdict: v.verdict,
  userName: v.userName,
  createdAt: iso(v.createdAt),
});

export function createSimilarityService({ source, feedback, maintenance }: SimilarityServiceDeps) {
  const memo = new Map<string, { index: OrgIndex; key: string; clusters: FeedbackCluster[] }>();

  /** Applies current issue data; answers whether anything in the index changed. */
  async function refreshShown(org: string, index: OrgIndex, ids: readonly string[]): Promise<boolean> {
    if (ids.length === 0) return false;
    const before = index.version;
    for (const [id, issue] of await source.issues(org, ids, 'interactive')) {
      if (issue) index.refresh(issue);
      else index.remove(id);
    }
    if (index.version === before) return false;
    maintenance.persist();
    return true;
  }

  /** An issue nobody indexed yet (just created, or beyond the build limit), indexed on demand. */
  async function indexNow(org: string, index: OrgIndex, issueId: string): Promise<IndexedIssue> {
    const [issue] = (await source.issues(org, [issueId], 'interactive')).values();
    if (!issue) throw new DexterError('DEXTER_ERR_NOT_FOUND', `No issue ${issueId} in ${org}`);
    const entry = { issue, item: issueItem(issue, await source.latestEvent(org, issueId, 'interactive')) };
    index.put(entry);
    maintenance.persist();
    return entry;
  }

  function clustersOf(org: string, index: OrgIndex, verdicts: readonly PairVerdict[]): FeedbackCluster[] {
    const key = `${index.version}|${JSON.stringify(verdicts)}`;
    const cached = memo.get(org);
    if (cached?.index === index && cached.key === key) return cached.clusters;
    const clusters = openClusters(index, verdicts, CLUSTER_THRESHOLD);
    memo.set(org, { index, key, clusters });
    return clusters;
  }

  return {
    async similar(org: string, issueId: string): Promise<SimilarIssues> {
      const index = maintenance.ensure(org);
      const subject = index.get(issueId) ?? (await indexNow(org, index, issueId));
      const ranked = rankSimilar(index, subject, await feedback.forIssue(org, issueId), {
        threshold: SUGGESTION_THRESHOLD,
        limit: MAX_SUGGESTIONS,
        candidates: 40,
      });
      await refreshShown(
        org,
        index,
        ranked.map((r) => r.entry.issue.id),
      );
      const matches = ranked.flatMap(({ entry, confidence, result, pinnedBy }) => {
        const issue = index.get(entry.issue.id)?.issue;
        if (!issue) return [];
        const { features, alignedFrames } = result.evidence;
        return [
          {
            issue,
            confidence: clamp01(confidence),
            score: clamp01(result.score),
            level: matchLevel(confidence, pinnedBy !== null),
            features: {
              frames: clamp01(features.frames),
              frameSet: clamp01(features.frameSet),
              type: clamp01(features.type),
              message: clamp01(features.message),
              recency: clamp01(features.recency),
            },
            alignedFrames: alignedFrames.map((pair) => ({ ...pair })),
            stack: stackOf(entry.item),
            feedback: pinnedBy ? feedbackOf(pinnedBy) : null,
            mergeable: issue.project.id === subject.issue.project.id,
          },
        ];
      });
      return { issueId, threshold: SUGGESTION_THRESHOLD, stack: stackOf(subject.item), matches };
    },

    async clusters(org: string): Promise<IssueClusterList> {
      const index = maintenance.ensure(org);
      // Read before the awaits below: a build finishing meanwhile does not fill this `index`.
      const indexing = maintenance.isBuilding(org);
      const verdicts = await feedback.forOrg(org);
      let clusters = clustersOf(org, index, verdicts);
      // A member resolved or merged elsewhere since it was indexed changes the clusters: once.
      if (await refreshShown(org, index, [...new Set(clusters.flatMap((c) => c.members))])) {
        clusters = clustersOf(org, index, verdicts);
      }
      const entries = index.entries();
      return {
        threshold: CLUSTER_THRESHOLD,
        indexing,
        indexedIssues: entries.length,
        openIssues: entries.filter((entry) => isOpen(entry.issue)).length,
        clusters: clusters
          .map((cluster) => clusterView(cluster, (id) => index.get(id)?.issue))
          .filter((view) => view.members.length > 1)
          .sort(byImpact)
          .slice(0, MAX_CLUSTERS),
      };
    },

    async recordFeedback(
      org: string,
      input: SimilarityFeedbackInput,
      userId: number | null,
    ): Promise<SimilarityFeedback> {
      const verdict = await feedback.record(org, input, userId);
      return { issueA: verdict.a, issueB: verdict.b, ...feedbackOf(verdict) };
    },

    async act(org: string, input: SimilarityActionInput): Promise<SimilarityActionResult> {
      const result = await runClusterAction(source, maintenance.ensure(org), org, input);
      maintenance.persist();
      maintenance.resync(org, input.issueIds);
      return result;
    },

    rebuild: (org: string) => maintenance.rebuild(org),
  };
}

export type SimilarityService = ReturnType<typeof createSimilarityService>;
