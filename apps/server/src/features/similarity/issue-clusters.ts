/**
 * Clusters of likely duplicates among an organization's OPEN issues, across projects: each open
 * issue's nearest indexed neighbours become links, and `clusterWithFeedback` joins them under
 * people's verdicts. Ranked by what they cost users: total events, then total users.
 * Pure over the index: no I/O.
 */
import type { Issue, IssueCluster } from '@dexter/contracts';
import { clusterWithFeedback, type FeedbackCluster, type Link } from './feedback-clusters';
import type { PairVerdict } from './feedback-store';
import type { OrgIndex } from './org-index';
import { matchLevel } from './similarity-thresholds';

/** Neighbours asked per issue; closed issues among them are skipped, so ask for more than needed. */
export const CLUSTER_NEIGHBORS = 20;

export const isOpen = (issue: Issue) => issue.status === 'unresolved';

export function openClusters(
  index: Pick<OrgIndex, 'entries' | 'query'>,
  verdicts: readonly PairVerdict[],
  threshold: number,
): FeedbackCluster[] {
  const open = index.entries().filter((entry) => isOpen(entry.issue));
  const openIds = new Set(open.map((entry) => entry.issue.id));
  const links: Link[] = [];
  for (const entry of open) {
    for (const match of index.query(entry.item, CLUSTER_NEIGHBORS)) {
      if (openIds.has(match.id) && match.confidence >= threshold) {
        links.push({ a: entry.issue.id, b: match.id, confidence: match.confidence });
      }
    }
  }
  return clusterWithFeedback([...openIds], links, verdicts, threshold);
}

export function clusterView(
  cluster: FeedbackCluster,
  issueOf: (id: string) => Issue | undefined,
): IssueCluster {
  const members = cluster.members
    .map(issueOf)
    .filter((issue): issue is Issue => issue !== undefined)
    .sort((a, b) => b.count - a.count || b.userCount - a.userCount);
  const ids = cluster.members.slice().sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const links = cluster.links.map((link) => ({
    issueA: link.a,
    issueB: link.b,
    confidence: link.confidence,
    level: matchLevel(link.confidence, link.pinned),
  }));
  return {
    id: ids[0] ?? '',
    confidence: cluster.confidence,
    links,
    // The cluster is as sure as its weakest link, and says so in that link's words.
    level: links[0]?.level ?? matchLevel(cluster.confidence, false),
    members,
    projects: [...new Set(members.map((issue) => issue.project.slug))].sort(),
    totalEvents: members.reduce((sum, issue) => sum + issue.count, 0),
    totalUsers: members.reduce((sum, issue) => sum + issue.userCount, 0),
    confirmedBy: cluster.confirmedBy,
  };
}

export const byImpact = (x: IssueCluster, y: IssueCluster) =>
  y.totalEvents - x.totalEvents || y.totalUsers - x.totalUsers || (x.id < y.id ? -1 : 1);
